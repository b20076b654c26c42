# Sourced by the benchmark scripts, from the repository root: builds ordercast, the load generator and the peers,
# and sets generator_cp, subscriber_token and publisher_token.
echo "== building ordercast, the load generator and the peers"
mvn -B -q -ntp package -DskipTests
mvn -B -q -ntp -f src/bench/pom.xml package
(cd src/bench/peers && npm ci --no-audit --no-fund --loglevel=error)
generator_cp="$(pwd)/src/bench/target/classes:$(pwd)/src/bench/target/lib/*"
subscriber_token=$(java server-config/dev/DevToken.java bench-subscriber --minutes 600)
publisher_token=$(java server-config/dev/DevToken.java bench-publisher --groups publisher --minutes 600)
