# Sourced by the benchmark scripts, from the repository root: builds ordercast, the load generator and the peers,
# and sets generator_cp, subscriber_token and publisher_token.
echo "== building ordercast, the load generator and the peers"
mvn -B -q -ntp package -DskipTests
mvn -B -q -ntp -f src/bench/pom.xml package
(cd src/bench/peers && npm ci --no-audit --no-fund --loglevel=error)
generator_cp="$(pwd)/src/bench/target/classes:$(pwd)/src/bench/target/lib/*"
subscriber_token=$(java server-config/dev/DevToken.java bench-subscriber --minutes 600)
publisher_token=$(java server-config/dev/DevToken.java bench-publisher --groups publisher --minutes 600)
# The ordercast JVM's options in every benchmark: the production command's setup (the JSON-P provider named up front,
# the heap at its full size from the start: server-config/payara/README.md; an -Xms in BENCH_JAVA_OPTS takes its
# place), the development keys, a bench namespace, and order channels that keep their history for a minute (those of
# BENCH_PUBLISH_CHURN are then forgotten as a day's orders would be); the bench drives thousands of connections from
# 16 addresses with one subscriber identity, so the per-address and per-user connection limits are lifted.
ordercast_options=(-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl
    -XX:InitialRAMPercentage=25
    -Dordercast.namespace.bench.subscribe=authenticated
    -Dordercast.namespace.bench.history-size=100
    -Dordercast.namespace.bench.history-ttl=1m
    -Dordercast.namespace.order.history-ttl=1m
    -Dordercast.limits.connections-per-ip-per-minute=10000000
    -Dordercast.limits.connections-per-user=100000
    -Dmp.jwt.verify.publickey.location="file:$(pwd)/server-config/dev/public-key.pem"
    -Dmp.jwt.verify.issuer=https://dev.ordercast.local
    -Dmp.jwt.verify.audiences=ordercast)
