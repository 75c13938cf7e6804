# The floor's preflight, one round trip per node: facts, the checks, the backups, as saga's preflight does them.
# $1: centos or ubuntu; $2...: the node's Calico packages.
set -e
family=$1; shift
cat /etc/os-release >/dev/null
sudo -n true
if [ "$family" = centos ]; then
  rpm -q --qf '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH}\n' "$@" || true
else
  dpkg-query -W -f '${Package} ${Version} ${Status}\n' "$@" || true
fi
sudo -n cat /etc/calico/felix.cfg >/dev/null 2>&1 || true
for f in /etc/default/calico-felix /etc/sysconfig/calico-felix /etc/init/calico-felix.conf /etc/systemd/system/calico-felix.service \
         /lib/systemd/system/calico-felix.service /usr/lib/systemd/system/calico-felix.service; do
  if [ -f "$f" ] && grep -H FELIX_DATASTORETYPE "$f"; then exit 1; fi
done
hostname
sudo -n cat /etc/neutron/neutron.conf >/dev/null 2>&1 || true
sudo -n mkdir -p /var/backups/floor
for f in /etc/calico/felix.cfg /etc/yum.repos.d/*.repo /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/calico/calicoctl.cfg /etc/neutron/neutron.conf; do
  if [ -f "$f" ]; then sudo -n cp -p "$f" /var/backups/floor/; fi
done
exit 0
