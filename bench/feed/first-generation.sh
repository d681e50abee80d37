#!/usr/bin/env bash
# First-generation time of a feed page: invalidate the cache (a PATCH of the feed's title, so the
# next read regenerates from the database), then time one read with curl. Five rounds per
# feed and format; the second read of each round shows the cached time for comparison, and
# server_generation_ms is the server's own time for the query, mapping and writing (/statistics).
# usage: first-generation.sh BASE_URL ADMIN_TOKEN FEED_NAME
set -euo pipefail
base=$1 token=$2 feed=$3
id=$(curl -s -H "Authorization: Bearer $token" "$base/api/feed?filter%5Bfeed_name%5D=$feed" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
for fmt in rss atom json; do
  for round in 1 2 3 4 5; do
    curl -s -o /dev/null -X PATCH -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"data\":{\"type\":\"feed\",\"id\":\"$id\",\"attributes\":{\"title\":\"$feed $fmt $round\"}}}" "$base/api/feed/$id"
    first=$(curl -s -o /dev/null -w '%{time_total} %{size_download}' "$base/feed/$feed.$fmt")
    cached=$(curl -s -o /dev/null -w '%{time_total}' "$base/feed/$feed.$fmt")
    server_ms=$(curl -s "$base/statistics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["feed"]["generation_ms_last"])')
    echo "$feed $fmt round=$round first_s+bytes=$first cached_s=$cached server_generation_ms=$server_ms"
  done
done
