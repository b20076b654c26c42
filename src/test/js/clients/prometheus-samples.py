# Reads a Prometheus text exposition on stdin with the Prometheus Python client's own parser (Debian's
# python3-prometheus-client) and prints every sample as JSON: [{family, type, name, labels, value}].
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

print(json.dumps([{"family": f.name, "type": f.type, "name": s.name, "labels": s.labels, "value": s.value}
                  for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples]))
