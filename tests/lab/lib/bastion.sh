# shellcheck shell=bash
# The lab's bastion (sourced by tests/lab/up and down after host.sh).
#
# Compute nodes with the variant behind-bastion live in a network namespace of their own (DIR/bastion/netns.pid is
# the process that holds it). Nothing of the host reaches them: their sshd listens on its address inside that
# namespace only, so a direct connection from the host is refused, as a firewall in front of a private network would.
# The bastion is an OpenSSH server whose listener is on the host (SUBNET.3:22, a socat that hands each connection to
# `sshd -i` started inside the namespace): the only way in is an SSH connection to the bastion and a direct-tcpip
# channel (ssh -J / ProxyJump) that its sshd opens from inside. Its sshd allows local forwarding to the hidden nodes'
# port 22 only (PermitOpen) and runs no commands (ForceCommand), as jump hosts are set up. The hidden nodes reach the
# lab's etcds through relays (a unix socket each in DIR/bastion), as compute nodes reach the control plane.

# bastion_netns_up : starts the namespace holder; sets BASTION_NS_PID
bastion_netns_up() {
    mkdir -p "$DIR/bastion"
    command -v socat > /dev/null 2>&1 || die "missing socat: run tests/lab/install"
    command -v nsenter > /dev/null 2>&1 || die "missing nsenter (util-linux): nodes behind the bastion need it"
    unshare --net true 2> /dev/null || die "this machine refuses network namespaces; nodes behind the bastion need one"
    # shellcheck disable=SC2016 # expanded by the inner shell
    setsid unshare --net /bin/sh -c 'ip link set lo up && exec sleep infinity' < /dev/null > "$DIR/bastion/netns.log" 2>&1 &
    BASTION_NS_PID=$!
    echo "$BASTION_NS_PID" > "$DIR/bastion/netns.pid"
    local tries=50
    until nsenter --net="/proc/$BASTION_NS_PID/ns/net" ip -o link show lo 2> /dev/null | grep -q 'state UNKNOWN\|LOWER_UP'; do
        ((tries-- > 0)) || die "the network namespace of the nodes behind the bastion did not come up: $(cat "$DIR/bastion/netns.log")"
        sleep 0.1
    done
}

# bastion_start BASTION_HOST "ETCD_HOST..." HIDDEN_HOST... : the bastion's sshd and listener, and the etcd relays
bastion_start() {
    local host=$1 etcds=$2 B=$DIR/bastion a etcd
    shift 2
    ssh-keygen -q -t ed25519 -N '' -C root@bastion -f "$B/ssh_host_ed25519_key"
    {
        echo "# sshd of the lab's bastion, run as sshd -i inside the hidden nodes' network namespace"
        echo "HostKey $B/ssh_host_ed25519_key"
        echo "PidFile none"
        echo "PermitRootLogin prohibit-password"
        echo "PubkeyAuthentication yes"
        echo "AuthorizedKeysFile $DIR/client/authorized_keys"
        echo "PasswordAuthentication no"
        echo "KbdInteractiveAuthentication no"
        echo "UsePAM no"
        echo "StrictModes no"
        echo "UseDNS no"
        echo "PrintMotd no"
        echo "PrintLastLog no"
        echo "X11Forwarding no"
        echo "AllowAgentForwarding no"
        echo "PermitTunnel no"
        echo "PermitTTY no"
        echo "AllowTcpForwarding local"
        echo "PermitOpen$(for a in "$@"; do printf ' %s:22' "$a"; done)"
        echo "ForceCommand /bin/echo lab bastion: forwarding only"
        echo "LoginGraceTime 30"
    } > "$B/sshd_config"
    local out
    out=$(/usr/sbin/sshd -t -f "$B/sshd_config" 2>&1) || die "sshd refuses the bastion's configuration: $out"
    local ns=/proc/$BASTION_NS_PID/ns/net
    setsid socat "TCP-LISTEN:22,bind=$host,reuseaddr,fork,backlog=128" \
        "EXEC:nsenter --net=$ns /usr/sbin/sshd -i -f $B/sshd_config -E $B/sshd.log" \
        < /dev/null > "$B/listener.log" 2>&1 &
    echo "$!" > "$B/listener.pid"
    # the hidden nodes' way to each etcd: ETCD:2379 inside the namespace -> unix socket -> ETCD:2379 on the host
    for etcd in $etcds; do
        setsid socat "UNIX-LISTEN:$B/etcd-$etcd.sock,fork,unlink-early,mode=600" "TCP:$etcd:2379" < /dev/null > "$B/etcd-relay-$etcd.log" 2>&1 &
        echo "$!" > "$B/etcd-relay-$etcd.pid"
        setsid nsenter --net="$ns" socat "TCP-LISTEN:2379,bind=$etcd,reuseaddr,fork" "UNIX-CONNECT:$B/etcd-$etcd.sock" \
            < /dev/null > "$B/etcd-relay-inside-$etcd.log" 2>&1 &
    done
}

# bastion_wait_hidden HOST... : wait until the hidden nodes' sshd listen inside the namespace
bastion_wait_hidden() {
    local ns=/proc/$BASTION_NS_PID/ns/net
    # shellcheck disable=SC2016 # expanded by the inner shell
    nsenter --net="$ns" /bin/bash -c '. "$1" && shift && wait_listening 100 "$@"' bash "$HERE/lib/host.sh" "$@"
}

# bastion_down : stops every process in the hidden nodes' namespace (the holder last) and the host-side relays
bastion_down() {
    local B=$DIR/bastion holder="" ns="" pid link victims=() f
    [[ -d $B ]] || return 0
    for f in "$B"/listener.pid "$B"/etcd-relay-*.pid; do
        [[ -r $f ]] || continue
        read -r pid < "$f" || continue
        pid_cmdline_has "$pid" "$B/" && kill_pids "$pid"
    done
    [[ -r $B/netns.pid ]] && read -r holder < "$B/netns.pid"
    if [[ -n $holder ]] && pid_cmdline_has "$holder" "sleep infinity"; then
        ns=$(readlink "/proc/$holder/ns/net" 2> /dev/null || true)
    fi
    [[ -n $ns && $ns != "$(readlink /proc/self/ns/net)" ]] || return 0
    for link in /proc/[0-9]*/ns/net; do
        pid=${link#/proc/}
        pid=${pid%%/*}
        [[ $pid == "$holder" ]] && continue
        [[ $(readlink "$link" 2> /dev/null) == "$ns" ]] && victims+=("$pid")
    done
    kill_pids "${victims[@]}"
    kill_pids "$holder"
}
