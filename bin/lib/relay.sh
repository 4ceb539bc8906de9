# Sourced by bin/run, bin/cluster, bin/bench and bin/collector (after they set $root): what the
# root POM says, where the build puts the server and the EAR, and the one build line.

# A property of the root POM (<name>value</name>, one per line as the POM writes them).
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml"; }

# The server the build provisioned: the root POM's WildFly version.
server="$root/server-config/target/wildfly-$(pom_property version.wildfly)"
ear="$root/ear/target/trace-relay.ear"

# Builds the EAR and the provisioned server, plus the modules named (comma-separated), without tests.
build_relay() { mvn -q -B install -DskipTests -DskipITs -pl "ear,server-config${1:+,$1}" -am; }
