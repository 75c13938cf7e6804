# shellcheck shell=bash
# What networking-calico logs when neutron-server or calico-dhcp-agent starts on a lab node. Sourced by lab.sh;
# lab_service_set calls lab_neutron_started for every start of either.
#
# Traced to openstack/networking-calico (tags 1.4.3 and 3.1.3) and python-etcd:
# - Settings: neutron.conf [calico] etcd_host (default 127.0.0.1) and etcd_port (default 4001 in 1.4.3,
#   2379 in 3.1.3), common/config.py SHARED_ETCD_OPTS; both services read /etc/neutron/neutron.conf
#   (the units' --config-file, debian/calico-dhcp-agent.service, rpm/calico-dhcp-agent.service).
# - Where: neutron-server logs through oslo.log into its --log-file (the lab's units: CentOS
#   /var/log/neutron/server.log, Ubuntu /var/log/neutron/neutron-server.log), format
#   "%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [-] %(message)s", logger = module name;
#   LOG.exception adds the traceback, each line behind "... ERROR <logger> " (oslo.log's
#   logging_exception_prefix). calico-dhcp-agent adds its own file handler (agent/dhcp_agent.py
#   setup_logging): /var/log/neutron/dhcp-agent.log, "%(asctime)s [%(thread)d] (%(levelname)s) %(module)s: %(message)s".
# - What: plugins/ml2/drivers/calico/t_etcd.py _initialise ("(Re)initialising the etcd transport.",
#   "TLS disabled, using HTTP to connect to etcd.") and CalicoEtcdWatcher ("CalicoEtcdWatcher created for %s:%s");
#   a request that cannot connect: _handling_etcd_exceptions LOG.exception("Request to etcd failed, refreshing
#   our connection."); the watchers' loop (etcdutils.py EtcdWatcher.loop): _log.info("Reconnecting and loading
#   snapshot from etcd..."), on failure _log.error("Unexpected IO or etcd error, triggering resync with etcd: %r.", e).
#   python-etcd (etcd/client.py api_execute): EtcdConnectionFailed("Connection to etcd failed due to %r" % e).
# Reachable or not is decided by a TCP connect to etcd_host:etcd_port; what a reachable etcd holds is not looked at
# (1.4.3 on an empty v2 store logs no error, it waits: etcdutils "Waiting for etcd directory '%s' to exist...").

# lab_neutron_setting KEY : the value of KEY in neutron.conf [calico] (last one wins), or nothing
lab_neutron_setting() {
    local line section="" key value found=""
    [[ -r /etc/neutron/neutron.conf ]] || return 0
    while IFS= read -r line || [[ -n $line ]]; do
        line=${line%$'\r'}
        if [[ $line == \[*\] ]]; then
            section=${line:1:-1}
        elif [[ $section == calico && $line == [!\ \	\#\;]*[=:]* ]]; then
            key=${line%%[=:]*} value=${line#*[=:]}
            key=${key%%+([ 	])} value=${value##+([ 	])}
            [[ $key == "$1" ]] && found=${value%%+([ 	])}
        fi
    done < /etc/neutron/neutron.conf
    printf '%s' "$found"
}

# lab_neutron_line LOG FORMAT LEVEL LOGGER MESSAGE : one line as oslo.log (neutron-server) or the agent's handler writes it
lab_neutron_line() {
    local log=$1 format=$2 level=$3 logger=$4 message=$5 when ms
    printf -v when '%(%Y-%m-%d %H:%M:%S)T' -1
    ms=${EPOCHREALTIME#*.}
    if [[ $format == oslo ]]; then
        printf '%s.%s %s %s %s [-] %s\n' "$when" "${ms:0:3}" "$LAB_NEUTRON_PID" "$level" "$logger" "$message" >> "$log"
    else
        printf '%s,%s [%s] (%s) %s: %s\n' "$when" "${ms:0:3}" "$LAB_NEUTRON_THREAD" "$level" "${logger##*.}" "$message" >> "$log"
    fi
}

# lab_neutron_started UNIT PID
lab_neutron_started() {
    local unit=$1 log format version host port error
    LAB_NEUTRON_PID=$2 LAB_NEUTRON_THREAD=140$2
    case $unit in
        neutron-server)
            format=oslo
            if [[ $LAB_OS == centos7 ]]; then log=/var/log/neutron/server.log; else log=/var/log/neutron/neutron-server.log; fi
            ;;
        calico-dhcp-agent) format=agent log=/var/log/neutron/dhcp-agent.log ;;
        *) return 0 ;;
    esac
    /bin/mkdir -p /var/log/neutron
    version=$(lab_installed_version networking-calico)
    host=$(lab_neutron_setting etcd_host)
    port=$(lab_neutron_setting etcd_port)
    [[ -n $host ]] || host=127.0.0.1
    if [[ -z $port ]]; then
        if [[ $version == 1.* ]]; then port=4001; else port=2379; fi
    fi
    local t_etcd=networking_calico.plugins.ml2.drivers.calico.t_etcd utils=networking_calico.etcdutils
    if [[ $unit == neutron-server ]]; then
        lab_neutron_line "$log" $format INFO $t_etcd "(Re)initialising the etcd transport."
        lab_neutron_line "$log" $format INFO $t_etcd "TLS disabled, using HTTP to connect to etcd."
        lab_neutron_line "$log" $format INFO $t_etcd "CalicoEtcdWatcher created for $host:$port"
    fi
    lab_neutron_line "$log" $format INFO $utils "Reconnecting and loading snapshot from etcd..."
    if (exec 3<> "/dev/tcp/$host/$port") 2> /dev/null; then
        lab_neutron_line "$log" $format INFO $utils "Loaded snapshot from etcd cluster $host:$port, processing it..."
        return 0
    fi
    error="EtcdConnectionFailed('Connection to etcd failed due to MaxRetryError(\"HTTPConnectionPool(host=\\'$host\\', port=$port): Max retries exceeded with url: /v2/keys/calico/v1/Ready (Caused by NewConnectionError(\\'<urllib3.connection.HTTPConnection object at 0x7f3a2c1d5e10>: Failed to establish a new connection: [Errno 111] Connection refused\\',))\",)',)"
    if [[ $unit == neutron-server ]]; then
        lab_neutron_line "$log" $format ERROR $t_etcd "Request to etcd failed, refreshing our connection."
        lab_neutron_line "$log" $format ERROR $t_etcd "Traceback (most recent call last):"
        lab_neutron_line "$log" $format ERROR $t_etcd "EtcdConnectionFailed: Connection to etcd failed due to MaxRetryError(...)"
    fi
    lab_neutron_line "$log" $format ERROR $utils "Unexpected IO or etcd error, triggering resync with etcd: $error."
}
