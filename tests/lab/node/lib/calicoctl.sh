# shellcheck shell=bash
# Shared code of the lab's calicoctl v1.6.3 and v3.1.3, traced to projectcalico/calicoctl (tags v1.6.3 and v3.1.3)
# and the libcalico-go they vendor (glide.lock: d5ff4aa for v1.6.3, 0417ab6 for v3.1.3):
# - commands/version.go: three client lines (fmt.Println("Client Version:   ", VERSION), so one space more), then the
#   client configuration: --config/-c, default /etc/calico/calicoctl.cfg; clientmgr/client.go LoadClientConfig: a
#   missing default file means "from the environment", a missing --config file prints "Error reading config file: F"
#   and exits 1. Errors are printed to standard output (fmt.Println / fmt.Printf), exit status 1.
# - libcalico-go LoadClientConfig(FromBytes): "syntax error in F: invalid config file: unknown APIVersion 'X'" when
#   apiVersion is not v1 (lib/client/client.go, v1.6.3) or projectcalico.org/v3 (lib/apiconfig/load.go, v3.1.3), and
#   "... expected kind 'K', got 'X'" for the kind.
# - commands/resources.go: a command that needs the datastore prints "Failed to create Calico API client: <err>".

CTL_DEFAULT_CONFIG=/etc/calico/calicoctl.cfg

# ctl_config_value FILE KEY : a top-level or spec value of a calicoctl.cfg (YAML as the fixtures write it), unquoted
ctl_config_value() {
    local line value
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ $line =~ ^[[:space:]]*$2:[[:space:]]*(.*)$ ]]; then
            value=${BASH_REMATCH[1]}
            value=${value%\"} value=${value#\"}
            printf '%s' "$value"
            return 0
        fi
    done < "$1"
}

# ctl_load_config ARGS... : finds --config/-c; sets CTL_CONFIG (the file, empty for the environment) and CTL_ENDPOINTS
# (comma list); prints the error and returns 1 as calicoctl would. WANT_API and WANT_KIND name this version's format.
ctl_load_config() {
    local file=$CTL_DEFAULT_CONFIG api kind
    while (($#)); do
        case $1 in
            --config=*) file=${1#*=} ;;
            -c | --config) file=${2:-}; shift ;;
        esac
        shift
    done
    CTL_CONFIG="" CTL_ENDPOINTS=${ETCD_ENDPOINTS:-$CTL_ENV_DEFAULT}
    if [[ ! -e $file ]]; then
        if [[ $file != "$CTL_DEFAULT_CONFIG" ]]; then
            echo "Error reading config file: $file"
            return 1
        fi
        return 0
    fi
    api=$(ctl_config_value "$file" apiVersion)
    kind=$(ctl_config_value "$file" kind)
    if [[ $api != "$WANT_API" ]]; then
        echo "syntax error in $file: invalid config file: unknown APIVersion '$api'"
        return 1
    fi
    if [[ $kind != "$WANT_KIND" ]]; then
        echo "syntax error in $file: invalid config file: expected kind '$WANT_KIND', got '$kind'"
        return 1
    fi
    CTL_CONFIG=$file
    CTL_ENDPOINTS=$(ctl_config_value "$file" etcdEndpoints)
}

# ctl_reachable URL : whether something accepts TCP connections at the URL's host:port (sets CTL_HOSTPORT)
ctl_reachable() {
    local hostport=${1#*://}
    hostport=${hostport%%/*}
    CTL_HOSTPORT=$hostport
    (exec 3<> "/dev/tcp/${hostport%:*}/${hostport##*:}") 2> /dev/null
}

# ctl_etcdctl API ARGS... : the node's real etcdctl (the host's when run outside a node)
ctl_etcdctl() {
    local api=$1 bin=/usr/lib/lab/etcdctl
    shift
    [[ -x $bin ]] || bin=etcdctl
    ETCDCTL_API=$api "$bin" --endpoints "${CTL_ENDPOINTS%%,*}" "$@" 2> /dev/null
}
