# The floor's etcdv3 finale, on the node etcdctl runs on: its nodes, the dump, the delete. $1: the v3 cluster's endpoint.
set -e
export ETCDCTL_API=3
etcdctl --endpoints "$1" get /calico/resources/v3/projectcalico.org/nodes/ --prefix --keys-only
sudo -n mkdir -p /var/backups/floor
etcdctl --endpoints "$1" get --prefix /calico/ -w json | sudo -n tee /var/backups/floor/etcdv3-calico.json >/dev/null
sudo -n sha256sum /var/backups/floor/etcdv3-calico.json
etcdctl --endpoints "$1" del /calico/ --prefix
[ -z "$(etcdctl --endpoints "$1" get /calico/ --prefix --keys-only)" ]
