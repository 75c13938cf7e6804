# The floor's Ready flag, on the node etcdctl runs on: /calico/v1/Ready back to true on the v2 cluster. $1: its endpoint.
set -e
export ETCDCTL_API=2
etcdctl --endpoints "$1" ls /calico/v1/config >/dev/null
if [ "$(etcdctl --endpoints "$1" get /calico/v1/Ready 2>/dev/null)" != true ]; then
  etcdctl --endpoints "$1" set /calico/v1/Ready true
fi
