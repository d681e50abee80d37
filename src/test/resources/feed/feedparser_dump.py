"""Fetches a feed with Python feedparser and prints what it understood as JSON.

usage: feedparser_dump.py URL [AUTHORIZATION_HEADER] [ETAG]
Run by io.switchboard.feed tests (Debian package python3-feedparser).
"""
import html
import json
import socket
import sys

import feedparser

socket.setdefaulttimeout(30)
url = sys.argv[1]
headers = {}
if len(sys.argv) > 2 and sys.argv[2]:
    headers["Authorization"] = sys.argv[2]
etag = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None

d = feedparser.parse(url, request_headers=headers, etag=etag)


def text(v):
    return html.unescape(v) if isinstance(v, str) else v


out = {
    "status": d.get("status"),
    "bozo": d.get("bozo"),
    "bozo_exception": repr(d.get("bozo_exception")) if d.get("bozo") else None,
    "version": d.get("version"),
    "etag": d.get("etag"),
    "feed": {
        "title": d.feed.get("title"),
        "id": d.feed.get("id"),
        "link": d.feed.get("link"),
        "updated": d.feed.get("updated"),
        "author": d.feed.get("author"),
        "links": [{"rel": l.get("rel"), "href": l.get("href")} for l in d.feed.get("links", [])],
    },
    "entries": [
        {
            "title": e.get("title"),
            "title_type": e.get("title_detail", {}).get("type"),
            "id": e.get("id"),
            "link": e.get("link"),
            "summary": e.get("summary"),
            "summary_text": text(e.get("summary")),
            "content": [c.get("value") for c in e.get("content", [])],
            "author": e.get("author"),
            "tags": [t.get("term") for t in e.get("tags", [])],
            "published": e.get("published"),
            "updated": e.get("updated"),
        }
        for e in d.entries
    ],
}
print(json.dumps(out, ensure_ascii=False))
