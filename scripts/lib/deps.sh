# Sourced by scripts/test.sh and scripts/demo.sh: installs what is missing on a Debian machine
# (MariaDB and PostgreSQL server binaries, a JDK 17, Maven), using sudo when not root.

java_major() {
  # "javac 17.0.15" -> 17
  javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p'
}

missing=()
if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
  missing+=(mariadb-server)
fi
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null; then
  missing+=(postgresql)
fi
if ! command -v javac >/dev/null || [ "$(java_major)" -lt 17 ] 2>/dev/null; then
  missing+=(openjdk-17-jdk-headless)
fi
if ! command -v mvn >/dev/null; then
  missing+=(maven)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  echo "test.sh: installing ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

# a JDK 17 installed just now may not be the default java
if [ "$(java_major)" -lt 17 ] 2>/dev/null && [ -d /usr/lib/jvm/java-17-openjdk-"$(dpkg --print-architecture)" ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-"$(dpkg --print-architecture)"
  export PATH="$JAVA_HOME/bin:$PATH"
fi

