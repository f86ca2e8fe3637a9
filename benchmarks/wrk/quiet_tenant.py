"""A quiet tenant's view during overload: one keep-alive connection, 5 home requests a second, latency percentiles."""
import http.client
import sys
import time
import urllib.parse

base, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
url = urllib.parse.urlparse(base)
latencies, answers, conn = [], {}, None
for _ in range(count):
    started = time.perf_counter()
    try:
        if conn is None:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("GET", "/v1/recommendations/home?userId=u2&limit=10", headers={"Authorization": "Bearer " + key})
        reply = conn.getresponse()
        reply.read()
        status = reply.status
        if (reply.getheader("Connection") or "").lower() == "close":
            conn.close()
            conn = None
    except (OSError, http.client.HTTPException):
        status, conn = "error", None
    latencies.append((time.perf_counter() - started) * 1000)
    answers[status] = answers.get(status, 0) + 1
    time.sleep(0.2)
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))]
print("quiet tenant answers:", answers)
print("quiet tenant latency (ms): p50 %.1f p90 %.1f p99 %.1f max %.1f" % (pick(0.5), pick(0.9), pick(0.99), latencies[-1]))
