# shellcheck shell=bash disable=SC2034
# Shared code of the node stand-ins. Installed inside every node as /usr/lib/lab/lab.sh and
# sourced by each stand-in; uses bash builtins and the node's busybox applets only.
#
# Node state lives under /var/lib/lab (see tests/lab/README.md):
#   os, role, name           what this node is (centos7|trusty|xenial, control|compute, its name)
#   packages                 installed packages (one line each, format per OS family below)
#   services/<unit>          "active|inactive PID SINCE-EPOCH"
#   next-pid                 "PID STEP": the PID the next started service gets
#   dnsmasq-running          present while the node has dnsmasq processes
#   busy/PID                 a package operation in progress (its command name); gone when it exits
#   faults/<command>         fault for a stand-in: line 1 kind, line 2 optional argument words
#   sudo-password            present: `sudo -n` asks for a password
#   delay-packages           seconds package operations sleep before acting
# Every state change is appended to /var/log/lab-journal as "<epoch> <command and arguments>".

shopt -s extglob nullglob
# shellcheck source=SCRIPTDIR/neutron.sh
. /usr/lib/lab/neutron.sh

LAB_STATE=/var/lib/lab
LAB_SHARE=/usr/share/lab
LAB_JOURNAL=/var/log/lab-journal
LAB_FAULT_LOG=/var/log/lab-faults

LAB_OS=unknown
LAB_ROLE=unknown
LAB_NAME=localhost
[[ -r $LAB_STATE/os ]] && read -r LAB_OS < "$LAB_STATE/os"
[[ -r $LAB_STATE/role ]] && read -r LAB_ROLE < "$LAB_STATE/role"
[[ -r $LAB_STATE/name ]] && read -r LAB_NAME < "$LAB_STATE/name"

# lab_capture ARRAY COMMAND ARGS... : the output lines of COMMAND into ARRAY. (Nodes have no /proc,
# hence no /dev/fd: process substitution does not work there, command substitution does.)
lab_capture() {
    local -n _lab_arr=$1
    local _lab_out
    shift
    _lab_out=$("$@")
    _lab_arr=()
    if [[ -n $_lab_out ]]; then
        mapfile -t _lab_arr <<< "$_lab_out"
    fi
}

# lab_journal WORDS... : one journal line for a state change.
lab_journal() {
    printf '%s %s\n' "$EPOCHSECONDS" "$*" >> "$LAB_JOURNAL"
}

# lab_fault COMMAND ARGS... : apply the fault configured for COMMAND, if its words match ARGS.
lab_fault() {
    local cmd=$1 f kind="" pattern=""
    shift
    f=$LAB_STATE/faults/$cmd
    [[ -f $f ]] || return 0
    { IFS= read -r kind; IFS= read -r pattern; } < "$f"
    if [[ -n $pattern && " $* " != *" $pattern "* ]]; then
        return 0
    fi
    case $kind in
        fail-once)
            # rename is atomic: exactly one invocation fires a fail-once fault
            /bin/mv "$f" "$f.fired.$$" 2> /dev/null || return 0
            /bin/rm -f "$f.fired.$$"
            ;;
        fail) ;;
        hang)
            printf '%s hang %s %s\n' "$EPOCHSECONDS" "$cmd" "$*" >> "$LAB_FAULT_LOG"
            exec /bin/sleep 3600
            ;;
        *) return 0 ;;
    esac
    printf '%s %s %s %s\n' "$EPOCHSECONDS" "$kind" "$cmd" "$*" >> "$LAB_FAULT_LOG"
    printf '%s: simulated failure (lab fault %s)\n' "$cmd" "$kind" >&2
    exit 1
}

# lab_busy : marks this package operation as running until it exits, so pgrep on the node sees it (as yum or
# apt-get), as long as it lives, like a real package manager process.
lab_busy() {
    /bin/mkdir -p "$LAB_STATE/busy"
    echo "${0##*/}" > "$LAB_STATE/busy/$$"
    trap '/bin/rm -f "$LAB_STATE/busy/$$"' EXIT
}

# lab_delay : the --delay-packages pause of package operations, which are busy (lab_busy) from here on.
lab_delay() {
    lab_busy
    local d=0
    [[ -r $LAB_STATE/delay-packages ]] && read -r d < "$LAB_STATE/delay-packages"
    if [[ $d != 0 && -n $d ]]; then
        /bin/sleep "$d"
    fi
}

# ---------------------------------------------------------------- version comparison
# Results go to LAB_CMP: -1, 0 or 1 (no subshells: these run in loops).

_lab_numcmp() { # compare two digit strings
    local a=${1##+(0)} b=${2##+(0)}
    if ((${#a} != ${#b})); then
        ((${#a} > ${#b})) && LAB_CMP=1 || LAB_CMP=-1
    elif [[ $a == "$b" ]]; then
        LAB_CMP=0
    elif [[ $a > $b ]]; then
        LAB_CMP=1
    else
        LAB_CMP=-1
    fi
}

# lab_rpmvercmp A B : rpm's segment-wise comparison of one version or release string.
lab_rpmvercmp() {
    local a=$1 b=$2 sa sb
    if [[ $a == "$b" ]]; then LAB_CMP=0; return; fi
    while [[ -n $a || -n $b ]]; do
        a=${a##+([^[:alnum:]~])}
        b=${b##+([^[:alnum:]~])}
        if [[ $a == "~"* || $b == "~"* ]]; then
            if [[ $a != "~"* ]]; then LAB_CMP=1; return; fi
            if [[ $b != "~"* ]]; then LAB_CMP=-1; return; fi
            a=${a:1} b=${b:1}
            continue
        fi
        [[ -z $a || -z $b ]] && break
        if [[ $a == [0-9]* ]]; then
            if [[ $b != [0-9]* ]]; then LAB_CMP=1; return; fi
            sa=${a%%[^0-9]*} sb=${b%%[^0-9]*}
            a=${a:${#sa}} b=${b:${#sb}}
            _lab_numcmp "$sa" "$sb"
            ((LAB_CMP != 0)) && return
        else
            if [[ $b == [0-9]* ]]; then LAB_CMP=-1; return; fi
            sa=${a%%[^[:alpha:]]*} sb=${b%%[^[:alpha:]]*}
            a=${a:${#sa}} b=${b:${#sb}}
            if [[ $sa != "$sb" ]]; then
                [[ $sa > $sb ]] && LAB_CMP=1 || LAB_CMP=-1
                return
            fi
        fi
    done
    if [[ -z $a && -z $b ]]; then
        LAB_CMP=0
    elif [[ -z $a ]]; then
        LAB_CMP=-1
    else
        LAB_CMP=1
    fi
}

# lab_evrcmp E1 V1 R1 E2 V2 R2 : epoch ("-" = none), version, release.
lab_evrcmp() {
    local e1=${1/#-/0} e2=${4/#-/0}
    if ((e1 != e2)); then
        ((e1 > e2)) && LAB_CMP=1 || LAB_CMP=-1
        return
    fi
    lab_rpmvercmp "$2" "$5"
    ((LAB_CMP != 0)) && return
    lab_rpmvercmp "$3" "$6"
}

_lab_dpkg_weight() { # weight of the first character of $1 in dpkg's ordering
    local c=${1:0:1}
    if [[ -z $c || $c == [0-9] ]]; then
        LAB_W=0
    elif [[ $c == "~" ]]; then
        LAB_W=-1
    elif [[ $c == [[:alpha:]] ]]; then
        printf -v LAB_W '%d' "'$c"
    else
        printf -v LAB_W '%d' "'$c"
        LAB_W=$((LAB_W + 256))
    fi
}

_lab_verrevcmp() {
    local a=$1 b=$2 wa da db
    while [[ -n $a || -n $b ]]; do
        while [[ (-n $a && $a != [0-9]*) || (-n $b && $b != [0-9]*) ]]; do
            _lab_dpkg_weight "$a"
            wa=$LAB_W
            _lab_dpkg_weight "$b"
            if ((wa != LAB_W)); then
                ((wa > LAB_W)) && LAB_CMP=1 || LAB_CMP=-1
                return
            fi
            a=${a:1} b=${b:1}
        done
        da=${a%%[^0-9]*} db=${b%%[^0-9]*}
        a=${a:${#da}} b=${b:${#db}}
        _lab_numcmp "${da:-0}" "${db:-0}"
        ((LAB_CMP != 0)) && return
    done
    LAB_CMP=0
}

# lab_dpkgcmp A B : Debian version comparison (epoch:upstream-revision).
lab_dpkgcmp() {
    local a=$1 b=$2 ea=0 eb=0 ra="" rb=""
    if [[ $a == "$b" ]]; then LAB_CMP=0; return; fi
    if [[ $a == *:* ]]; then ea=${a%%:*} a=${a#*:}; fi
    if [[ $b == *:* ]]; then eb=${b%%:*} b=${b#*:}; fi
    if ((ea != eb)); then
        ((ea > eb)) && LAB_CMP=1 || LAB_CMP=-1
        return
    fi
    if [[ $a == *-* ]]; then ra=${a##*-} a=${a%-*}; fi
    if [[ $b == *-* ]]; then rb=${b##*-} b=${b%-*}; fi
    _lab_verrevcmp "$a" "$b"
    ((LAB_CMP != 0)) && return
    _lab_verrevcmp "$ra" "$rb"
}

# ---------------------------------------------------------------- services

# lab_service_read UNIT : sets SVC_STATE SVC_PID SVC_SINCE; returns 1 for an unknown unit.
lab_service_read() {
    local f=$LAB_STATE/services/$1
    [[ -f $f ]] || return 1
    read -r SVC_STATE SVC_PID SVC_SINCE < "$f"
}

# lab_service_set UNIT active|inactive : records a start (new PID) or a stop.
lab_service_set() {
    local unit=$1 state=$2 pid step=79
    lab_service_read "$unit" || return 1
    if [[ $state == active ]]; then
        pid=$SVC_PID
        if [[ -r $LAB_STATE/next-pid ]]; then
            read -r pid step < "$LAB_STATE/next-pid"
        fi
        printf '%s %s\n' "$((pid + step))" "$step" > "$LAB_STATE/next-pid"
        SVC_PID=$pid
        if [[ $unit == calico-dhcp-agent ]]; then
            : > "$LAB_STATE/dnsmasq-running" # the agent spawns dnsmasq for its subnets
        fi
    fi
    SVC_STATE=$state
    SVC_SINCE=$EPOCHSECONDS
    printf '%s %s %s\n' "$SVC_STATE" "$SVC_PID" "$SVC_SINCE" > "$LAB_STATE/services/$unit"
    if [[ $state == active ]]; then
        lab_neutron_started "$unit" "$SVC_PID" # what networking-calico logs as it starts (neutron.sh)
    fi
}

# lab_package_restart UNIT : a package's maintainer scripts restart a running service.
lab_package_restart() {
    local unit=$1
    lab_service_read "$unit" || return 0
    [[ $SVC_STATE == active ]] || return 0
    if [[ $LAB_OS == centos7 ]]; then
        lab_journal systemctl condrestart "$unit"
    else
        lab_journal invoke-rc.d "$unit" restart
    fi
    lab_service_set "$unit" active
}

# ---------------------------------------------------------------- installed packages
# centos7 lines: NAME EPOCH VERSION RELEASE ARCH FROM-REPO     (EPOCH "-" = none)
# ubuntu lines:  NAME VERSION ARCH WANT EFLAG STATUS ISIZE      (VERSION "-" = none)

# lab_packages_load : fills PK_LINES (array of lines) and PK_INDEX (name -> line number).
lab_packages_load() {
    local line
    PK_LINES=()
    declare -gA PK_INDEX=()
    [[ -r $LAB_STATE/packages ]] || return 0
    while IFS= read -r line; do
        [[ -z $line ]] && continue
        PK_INDEX[${line%% *}]=${#PK_LINES[@]}
        PK_LINES+=("$line")
    done < "$LAB_STATE/packages"
}

# lab_packages_set NAME LINE : replaces or adds the line of package NAME (in memory).
lab_packages_set() {
    local idx
    if [[ -n ${PK_INDEX[$1]+x} ]]; then
        idx=${PK_INDEX[$1]}
        PK_LINES[idx]=$2
    else
        PK_INDEX[$1]=${#PK_LINES[@]}
        PK_LINES+=("$2")
    fi
}

# lab_packages_save : writes the package lines back (atomically).
lab_packages_save() {
    local tmp=$LAB_STATE/packages.new.$$
    printf '%s\n' "${PK_LINES[@]}" > "$tmp"
    /bin/mv -f "$tmp" "$LAB_STATE/packages"
}

# lab_installed_version NAME : prints the installed upstream version ("" when not installed).
lab_installed_version() {
    local n v a rest ver
    lab_packages_load
    [[ -n ${PK_INDEX[$1]+x} ]] || return 0
    if [[ $LAB_OS == centos7 ]]; then
        read -r n _ v _ a rest <<< "${PK_LINES[PK_INDEX[$1]]}"
        printf '%s\n' "$v"
    else
        read -r n ver a rest <<< "${PK_LINES[PK_INDEX[$1]]}"
        [[ $rest == *" installed "* || $rest == *" installed" ]] || return 0
        ver=${ver#*:}
        ver=${ver%%[~-]*}
        printf '%s\n' "$ver"
    fi
}

# ---------------------------------------------------------------- formatting

# lab_group N : 9732 -> 9,732 (into LAB_OUT)
lab_group() {
    local n=$1 out=""
    while ((${#n} > 3)); do
        out=,${n: -3}$out
        n=${n:0:${#n}-3}
    done
    LAB_OUT=$n$out
}

# lab_apt_size BYTES : apt's SizeToStr in an en_US locale (into LAB_OUT): 4,120 B / 11.6 kB / 9,732 kB
lab_apt_size() {
    local b=$1 m u=0 units=("" k M G T)
    if ((b < 10000)); then
        lab_group "$b"
        LAB_OUT="$LAB_OUT B"
        return
    fi
    m=$((b * 10))
    while ((m >= 100000)); do
        m=$(((m + 500) / 1000))
        u=$((u + 1))
    done
    if ((m < 1000)); then
        LAB_OUT="$((m / 10)).$((m % 10)) ${units[u]}B"
    else
        lab_group "$(((m + 5) / 10))"
        LAB_OUT="$LAB_OUT ${units[u]}B"
    fi
}

# lab_yum_size BYTES : yum's format_number (into LAB_OUT): 3.9 k / 128 k / 9.2 M
lab_yum_size() {
    local m=$(($1 * 1000)) d=0 units=(" " k M G)
    while ((m > 999000 && d < 3)); do
        m=$((m / 1024))
        d=$((d + 1))
    done
    if ((d == 0)); then
        LAB_OUT="$(($1)) "
    elif ((m < 9950)); then
        m=$(((m + 50) / 100))
        LAB_OUT="$((m / 10)).$((m % 10)) ${units[d]}"
    else
        LAB_OUT="$(((m + 500) / 1000)) ${units[d]}"
    fi
}
