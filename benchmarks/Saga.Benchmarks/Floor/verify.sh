# The floor's live probe before the etcdv3 delete, one round trip per node: packages, felix.cfg, felix's version and state.
# $1: centos or ubuntu; $2: systemd or upstart; $3: control, compute or both; $4...: the node's Calico packages.
set -e
family=$1 init=$2 role=$3
shift 3
if [ "$family" = centos ]; then
  rpm -q --qf '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH}\n' "$@" || true
else
  dpkg-query -W -f '${Package} ${Version} ${Status}\n' "$@" || true
fi
if [ "$role" != control ]; then
  ! sudo -n grep -q '^DatastoreType *= *etcdv3' /etc/calico/felix.cfg
  calico-felix --version
  if [ "$init" = upstart ]; then sudo -n service calico-felix status; else systemctl is-active calico-felix; fi
fi
if [ "$role" != compute ]; then
  if [ "$init" = upstart ]; then sudo -n service neutron-server status; else systemctl is-active neutron-server; fi
fi
