"""Prepares a running Switchboard for the feed benchmark (stdlib only).

usage: setup.py BASE_URL
Creates an administrator, the tables bench_item20 (20 rows) and bench_item1000 (1,000 rows), all
guest-readable, and public feeds: bench20 (page_size 20 over 20 rows), bench1000 (page_size 20
over 1,000 rows) and bench1000-all (page_size 500 over 1,000 rows). Prints the admin token.
"""
import http.client
import json
import sys
import urllib.parse
import uuid

base = urllib.parse.urlsplit(sys.argv[1])
conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
GUEST_READABLE = 16256 + 49152 + 1 + 2


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    data = r.read()
    return r.status, (json.loads(data) if data else None)


email = "bench-%s@example.com" % uuid.uuid4().hex[:8]
call("POST", "/action/user_account/signup",
     {"attributes": {"name": "Bench Admin", "email": email, "password": "benchpass1", "passwordConfirm": "benchpass1"}})
status, signin = call("POST", "/action/user_account/signin", {"attributes": {"email": email, "password": "benchpass1"}})
token = signin[0]["Attributes"]["value"]
status, _ = call("POST", "/action/world/become_an_administrator", {}, token)
assert status == 200, "the data dir must be fresh (first administrator)"

schema_cols = [
    {"Name": "title", "ColumnName": "title", "ColumnType": "label", "IsNullable": True},
    {"Name": "description", "ColumnName": "description", "ColumnType": "content", "IsNullable": True},
    {"Name": "body", "ColumnName": "body", "ColumnType": "html", "IsNullable": True},
    {"Name": "tags", "ColumnName": "tags", "ColumnType": "label", "IsNullable": True},
]
for table, rows in (("bench_item20", 20), ("bench_item1000", 1000)):
    schema = {"TableName": table, "Columns": schema_cols}
    status, _ = call("POST", "/api/world", {"data": {"type": "world", "attributes": {
        "table_name": table, "world_schema_json": json.dumps(schema)}}}, token)
    assert status == 201, status
    for i in range(rows):
        status, _ = call("POST", "/api/" + table, {"data": {"type": table, "attributes": {
            "title": "Item %d of %s" % (i, table),
            "description": "A summary of item %d with <markup> & an emoji \U0001F600" % i,
            "body": "<p>" + ("Body text of the item. " * 20) + "</p>",
            "tags": "bench, feed, item%d" % (i % 7),
            "permission": GUEST_READABLE}}}, token)
        assert status == 201, status

for name, table, size in (("bench20", "bench_item20", 20), ("bench1000", "bench_item1000", 20),
                          ("bench1000-all", "bench_item1000", 500)):
    status, _ = call("POST", "/api/feed", {"data": {"type": "feed", "attributes": {
        "feed_name": name, "table_name": table, "title": name, "public": True, "page_size": size}}}, token)
    assert status == 201, status
print(token)
