# The floor's downgrade of one node, one round trip: calicoctl v1.6, the repository, the cache, the packages, the
# services, the checks, as saga's steps end up doing them. The calicoctl file arrives base64-encoded in a here-document
# the benchmark puts before this script (function calicoctl_file).
# $1: centos or ubuntu; $2: systemd or upstart; $3: control, compute or both; $4: calicoctl's sha256; $5: settle seconds;
# $6: the apt flag that allows a downgrade (trusty: --force-yes; xenial: --allow-downgrades; centos: -); $7...: the packages'
# names, then --, then the package arguments (yum: NAME-VERSION-RELEASE; apt: NAME=VERSION).
set -e
family=$1 init=$2 role=$3 sha=$4 settle=$5 aptflag=$6
shift 6
names=()
while [ "$1" != -- ]; do names+=("$1"); shift; done
shift
restart() { if [ "$init" = upstart ]; then sudo -n service "$1" restart; else sudo -n systemctl restart "$1"; fi; }
running() { if [ "$init" = upstart ]; then sudo -n service "$1" status | grep -q running; else systemctl is-active "$1"; fi; }

calicoctl_file | base64 -d > /tmp/calicoctl.floor
echo "$sha  /tmp/calicoctl.floor" | sha256sum -c -
sudo -n install -m 0755 /tmp/calicoctl.floor /usr/local/bin/calicoctl
rm -f /tmp/calicoctl.floor
if grep -q 'projectcalico.org/v3' /etc/calico/calicoctl.cfg; then sudo -n cp -p /etc/calico/calicoctl.cfg.pre-3.1 /etc/calico/calicoctl.cfg; fi
/usr/local/bin/calicoctl version

if [ "$family" = centos ]; then
  for f in /etc/yum.repos.d/*.repo; do
    if grep -q calico-3.1 "$f"; then sudo -n sed -i 's/calico-3.1/calico-2.6/g' "$f"; fi
  done
  sudo -n yum clean all
  sudo -n yum --showduplicates list "${names[@]}"
else
  for f in /etc/apt/sources.list.d/*.list; do
    if grep -q '^deb .*calico-3.1' "$f"; then sudo -n rm -f "$f"; fi
  done
  sudo -n apt-get update
  apt-cache madison "${names[@]}"
fi

if [ "$role" != control ]; then
  sudo -n sed -i '/^DatastoreType *= *etcdv3/d' /etc/calico/felix.cfg
fi
if [ "$family" = centos ]; then
  sudo -n yum -y downgrade "$@"
else
  sudo -n DEBIAN_FRONTEND=noninteractive apt-get install --reinstall -y "$aptflag" --no-remove \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
fi

if [ "$role" != control ]; then
  restart calico-felix
  restart calico-dhcp-agent
  calico-felix --version | grep -Eq '^Version:[[:space:]]+v?2\.6\.'
  running calico-felix
  sleep "$settle"
  loaded=
  for i in 1 2 3 4 5 6 7 8 9 10; do
    if grep -q 'Successfully loaded configuration' /var/log/calico/felix.log; then loaded=1; break; fi
    sleep 0.5
  done
  [ -n "$loaded" ]
  running calico-felix
fi
if [ "$role" != compute ]; then
  restart neutron-server
  running neutron-server
  sleep "$settle"
fi

if [ "$family" = centos ]; then
  ! grep -l '^baseurl=.*calico-3.1' /etc/yum.repos.d/*.repo
  ! sudo -n yum --showduplicates list "${names[@]}" | grep -E ' (1:)?3\.1\.'
else
  ! grep -rl '^deb .*calico-3.1' /etc/apt/sources.list /etc/apt/sources.list.d
  ! apt-cache madison "${names[@]}" | grep -E '\| (1:)?3\.1\.'
fi
echo downgraded
