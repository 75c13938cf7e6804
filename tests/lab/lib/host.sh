# shellcheck shell=bash
# Host-side functions shared by tests/lab/up, down and fault.

LAB_PROG=${0##*/}

die() {
    printf '%s: %s\n' "$LAB_PROG" "$*" >&2
    exit 1
}

note() {
    printf '%s\n' "$*"
}

need_root() {
    [[ $EUID -eq 0 ]] || die "must run as root (the nodes' sshd needs ChrootDirectory)"
}

# need_tools TOOL... : every tool must be on PATH (or an absolute path that exists).
need_tools() {
    local t missing=()
    for t in "$@"; do
        if [[ $t == /* ]]; then
            [[ -x $t ]] || missing+=("$t")
        else
            command -v "$t" > /dev/null 2>&1 || missing+=("$t")
        fi
    done
    if ((${#missing[@]})); then
        die "missing ${missing[*]}: run tests/lab/install"
    fi
}

# abs_dir DIR : absolute, normalised path (the folder need not exist).
abs_dir() {
    local d=$1
    [[ $d == /* ]] || d=$PWD/$d
    realpath -m -- "$d"
}

# hex_addr 127.0.77.10 -> 0A4D007F (as in /proc/net/tcp on little-endian machines)
hex_addr() {
    local a b c d
    IFS=. read -r a b c d <<< "$1"
    printf '%02X%02X%02X%02X' "$d" "$c" "$b" "$a"
}

# tcp_table : "LOCAL STATE INODE" for every IPv4 TCP socket (LOCAL as ADDRHEX:PORTHEX)
tcp_table() {
    local _sl laddr _rem st _a _b _c _d _e inode _rest
    while read -r _sl laddr _rem st _a _b _c _d _e inode _rest; do
        [[ $_sl == sl ]] && continue
        printf '%s %s %s\n' "$laddr" "$st" "$inode"
    done < /proc/net/tcp
}

# listening ADDR PORT : is something listening on ADDR:PORT (or on 0.0.0.0:PORT)?
listening() {
    local want wild laddr st inode
    want=$(hex_addr "$1"):$(printf '%04X' "$2")
    wild=00000000:$(printf '%04X' "$2")
    while read -r laddr st inode; do
        [[ $st == 0A && ($laddr == "$want" || $laddr == "$wild") ]] && return 0
    done < <(tcp_table)
    return 1
}

# busy_addresses ADDR:PORT... : prints those that something listens on (0.0.0.0:PORT counts too)
busy_addresses() {
    local a laddr st inode
    declare -A listen=()
    while read -r laddr st inode; do
        [[ $st == 0A ]] && listen[$laddr]=1
    done < <(tcp_table)
    for a in "$@"; do
        if [[ -n ${listen[$(hex_addr "${a%:*}"):$(printf '%04X' "${a##*:}")]:-} || -n ${listen[00000000:$(printf '%04X' "${a##*:}")]:-} ]]; then
            printf '%s\n' "$a"
        fi
    done
}

# pids_of_sockets LOCAL... : pids holding a TCP socket whose local end is one of LOCAL (ADDRHEX:PORTHEX)
pids_of_sockets() {
    local laddr st inode dir link
    declare -A want=() inodes=()
    for laddr in "$@"; do want[$laddr]=1; done
    while read -r laddr st inode; do
        [[ -n ${want[$laddr]:-} && $inode != 0 ]] && inodes[$inode]=1
    done < <(tcp_table)
    ((${#inodes[@]})) || return 0
    while read -r dir link; do
        link=${link#socket:[}
        link=${link%]}
        if [[ -n ${inodes[$link]:-} ]]; then
            dir=${dir#/proc/}
            printf '%s\n' "${dir%/fd}"
        fi
    done < <(find /proc/[0-9]*/fd -maxdepth 1 -lname 'socket:*' -printf '%h %l\n' 2> /dev/null) | sort -un
}

# pids_rooted_under PATH : pids whose root directory (chroot) is PATH or below it
pids_rooted_under() {
    local prefix=${1%/} dir root
    while read -r dir root; do
        root=${root% (deleted)}
        if [[ $root == "$prefix" || $root == "$prefix"/* ]]; then
            printf '%s\n' "${dir#/proc/}"
        fi
    done < <(find /proc -mindepth 2 -maxdepth 2 -path '/proc/[0-9]*/root' -printf '%h %l\n' 2> /dev/null)
}

# pid_cmdline_has PID TEXT : the process is alive and its command line contains TEXT (no forks)
pid_cmdline_has() {
    local pid=$1 text=$2 args=()
    [[ $pid =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 1
    mapfile -d '' args < "/proc/$pid/cmdline" 2> /dev/null || return 1
    [[ " ${args[*]} " == *"$text"* ]]
}

# pid_alive PID : the process exists and is not a zombie (orphans are reaped late by some inits)
pid_alive() {
    local line=""
    [[ -r /proc/$1/stat ]] || return 1
    read -r line < "/proc/$1/stat" 2> /dev/null || return 1
    line=${line##*) }
    [[ ${line:0:1} != Z && -n $line ]]
}

# wait_gone TENTHS PID... : wait until none of the pids exists (returns 1 on timeout)
wait_gone() {
    local tenths=$1 p alive
    shift
    while :; do
        alive=0
        for p in "$@"; do
            pid_alive "$p" && alive=1 && break
        done
        ((alive)) || return 0
        ((tenths-- > 0)) || return 1
        sleep 0.1
    done
}

# kill_pids PID... : TERM, then KILL what is still there after a second
kill_pids() {
    (($#)) || return 0
    kill -TERM "$@" 2> /dev/null || true
    if ! wait_gone 10 "$@"; then
        kill -KILL "$@" 2> /dev/null || true
        wait_gone 20 "$@" || true
    fi
}

# ------------------------------------------------------------------ nodes
# A node's folder DIR/nodes/NAME holds node.env, sshd_config, its host key, sshd.pid, sshd.log,
# silent.pid (while `fault silent` is in force) and root/ (the chroot).

# node_load DIR NAME : sets NODE_DIR NODE_NAME NODE_HOST NODE_OS NODE_ROLE NODE_ROOT
node_load() {
    NODE_DIR=$1/nodes/$2
    [[ -f $NODE_DIR/node.env ]] || die "no node '$2' in lab $1"
    # shellcheck source=/dev/null
    . "$NODE_DIR/node.env"
}

# node_sshd_pid : pid of this node's listening sshd (empty when not running), also in SSHD_PID
node_sshd_pid() {
    SSHD_PID=""
    [[ -r $NODE_DIR/sshd.pid ]] && read -r SSHD_PID < "$NODE_DIR/sshd.pid"
    if [[ -n $SSHD_PID ]] && ! pid_cmdline_has "$SSHD_PID" "$NODE_DIR/sshd_config"; then
        SSHD_PID=""
    fi
    [[ -z $SSHD_PID ]] || printf '%s\n' "$SSHD_PID"
}

# node_silent_pid : pid of the node's silent listener (empty when none), also in SILENT_PID
node_silent_pid() {
    SILENT_PID=""
    [[ -r $NODE_DIR/silent.pid ]] && read -r SILENT_PID < "$NODE_DIR/silent.pid"
    if [[ -n $SILENT_PID ]] && ! pid_cmdline_has "$SILENT_PID" "bind=$NODE_HOST"; then
        SILENT_PID=""
    fi
    [[ -z $SILENT_PID ]] || printf '%s\n' "$SILENT_PID"
}

# sshd_start NAME CONFIG LOG : starts a node's sshd; where namespaces are allowed, in a UTS
# namespace of its own, so that `hostname` in the node's sessions prints the node's name. A node behind the
# bastion (NODE_NETNS_PID set) gets it inside the bastion's network namespace.
sshd_start() {
    local in_ns=()
    [[ -n ${NODE_NETNS_PID:-} ]] && in_ns=(nsenter "--net=/proc/$NODE_NETNS_PID/ns/net")
    if [[ -z ${LAB_UTS:-} ]]; then
        LAB_UTS=0
        unshare --uts true 2> /dev/null && LAB_UTS=1
    fi
    if ((LAB_UTS)); then
        # shellcheck disable=SC2016 # expanded by the inner shell
        "${in_ns[@]}" unshare --uts /bin/sh -c 'hostname "$1" && exec /usr/sbin/sshd -f "$2" -E "$3"' sh "$1" "$2" "$3"
    else
        "${in_ns[@]}" /usr/sbin/sshd -f "$2" -E "$3"
    fi
}

# node_start_sshd : start the node's sshd (does not wait for the listener)
node_start_sshd() {
    sshd_start "$NODE_NAME" "$NODE_DIR/sshd_config" "$NODE_DIR/sshd.log" ||
        die "sshd of node $NODE_NAME did not start (see $NODE_DIR/sshd.log)"
}

# wait_listening TENTHS ADDR... : wait until every ADDR:22 listens
wait_listening() {
    local tenths=$1 a missing
    shift
    declare -A want=()
    for a in "$@"; do want[$(hex_addr "$a"):0016]=$a; done
    while :; do
        local laddr st inode
        declare -A seen=()
        while read -r laddr st inode; do
            [[ $st == 0A && -n ${want[$laddr]:-} ]] && seen[$laddr]=1
        done < <(tcp_table)
        missing=()
        for a in "${!want[@]}"; do
            [[ -n ${seen[$a]:-} ]] || missing+=("${want[$a]}")
        done
        ((${#missing[@]} == 0)) && return 0
        if ((tenths-- <= 0)); then
            # shellcheck disable=SC2034 # read by the caller
            WAIT_MISSING=("${missing[@]}")
            return 1
        fi
        unset seen
        sleep 0.1
    done
}

# wait_not_listening TENTHS ADDR : wait until nothing listens on ADDR:22 (only ADDR itself)
wait_not_listening() {
    local tenths=$1 want laddr st inode busy
    want=$(hex_addr "$2"):0016
    while :; do
        busy=0
        while read -r laddr st inode; do
            [[ $st == 0A && $laddr == "$want" ]] && busy=1
        done < <(tcp_table)
        ((busy)) || return 0
        ((tenths-- > 0)) || return 1
        sleep 0.1
    done
}

node_stop_silent() {
    local pid
    node_silent_pid > /dev/null; pid=$SILENT_PID
    if [[ -n $pid ]]; then
        kill -TERM -- "-$pid" 2> /dev/null || kill -TERM "$pid" 2> /dev/null || true
        wait_gone 20 "$pid" || kill -KILL -- "-$pid" 2> /dev/null || true
    fi
    rm -f "$NODE_DIR/silent.pid"
    # the per-connection children of the silent listener
    local kids
    mapfile -t kids < <(pids_of_sockets "$(hex_addr "$NODE_HOST"):0016")
    ((${#kids[@]} == 0)) || {
        local k others=()
        for k in "${kids[@]}"; do
            pid_cmdline_has "$k" "bind=$NODE_HOST" && others+=("$k")
        done
        kill_pids "${others[@]}"
    }
}

node_stop_sshd() {
    local pid
    node_sshd_pid > /dev/null; pid=$SSHD_PID
    if [[ -n $pid ]]; then
        kill -TERM "$pid" 2> /dev/null || true
        wait_gone 30 "$pid" || kill -KILL "$pid" 2> /dev/null || true
    fi
    wait_not_listening 30 "$NODE_HOST" || true
}

# node_drop_sessions : kill the node's per-connection sshd processes (the listener stays)
node_drop_sessions() {
    local listener p victims=()
    node_sshd_pid > /dev/null; listener=$SSHD_PID
    while read -r p; do
        [[ -n $p && $p != "$listener" ]] || continue
        pid_cmdline_has "$p" "bind=$NODE_HOST" && continue # a silent listener is no session
        victims+=("$p")
    done < <(pids_of_sockets "$(hex_addr "$NODE_HOST"):0016")
    if ((${#victims[@]})); then
        kill -KILL "${victims[@]}" 2> /dev/null || true
        wait_gone 20 "${victims[@]}" || true
    fi
    # shellcheck disable=SC2034 # read by the caller
    DROPPED=${#victims[@]}
}
