# shellcheck shell=bash disable=SC2034
# Shared by the apt-get and apt-cache stand-ins (Ubuntu nodes); sourced after lab.sh.
#
# Sources: "deb URL SUITE COMPONENT..." lines of /etc/apt/sources.list and
# /etc/apt/sources.list.d/*.list. A source has packages when a catalog exists at
# /usr/share/lab/apt/<URL without scheme>/dists/<SUITE>/<COMPONENT>/packages
# (lines: NAME VERSION ARCH DOWNLOAD-BYTES INSTALLED-SIZE-KIB).
# `apt-get update` copies those catalogs to /var/lib/apt/lists/*_Packages (first line:
# "#source URL SUITE COMPONENT"); apt-cache and apt-get install read only those copies.

APT_LISTS=/var/lib/apt/lists

# apt_sources : prints "URL SUITE COMPONENT" for every deb line, in apt's reading order.
apt_sources() {
    local f line url suite comp words
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        while IFS= read -r line || [[ -n $line ]]; do
            line=${line%%#*}
            read -ra words <<< "$line"
            ((${#words[@]} >= 4)) || continue
            [[ ${words[0]} == deb ]] || continue
            if [[ ${words[1]} == "["* ]]; then
                words=("${words[@]:0:1}" "${words[@]:2}")
            fi
            url=${words[1]%/} suite=${words[2]}
            for comp in "${words[@]:3}"; do
                printf '%s %s %s\n' "$url" "$suite" "$comp"
            done
        done < "$f"
    done
}

apt_list_file() { # URL SUITE COMP -> list file path
    local p=${1#*://}
    p=${p//\//_}
    printf '%s/%s_dists_%s_%s_binary-amd64_Packages' "$APT_LISTS" "$p" "$2" "$3"
}

apt_catalog() { # URL SUITE COMP -> catalog path
    printf '%s/apt/%s/dists/%s/%s/packages' "$LAB_SHARE" "${1#*://}" "$2" "$3"
}

apt_source_label() { # URL SUITE COMP -> how madison, policy and Get: name the source
    if [[ $LAB_OS == trusty ]]; then
        printf '%s/ %s/%s' "$1" "$2" "$3"
    else
        printf '%s %s/%s' "$1" "$2" "$3"
    fi
}

# apt_load_lists : AP_N AP_V AP_A AP_S AP_IS AP_SRC (label), AP_URL AP_SUITE AP_COMP
apt_load_lists() {
    local f url suite comp n v a s is label
    AP_N=() AP_V=() AP_A=() AP_S=() AP_IS=() AP_SRC=() AP_URL=() AP_SUITE=() AP_COMP=()
    for f in "$APT_LISTS"/*_Packages; do
        {
            read -r _ url suite comp || continue
            label=$(apt_source_label "$url" "$suite" "$comp")
            while read -r n v a s is; do
                [[ -z $n ]] && continue
                AP_N+=("$n") AP_V+=("$v") AP_A+=("$a") AP_S+=("$s") AP_IS+=("$is")
                AP_SRC+=("$label") AP_URL+=("$url") AP_SUITE+=("$suite") AP_COMP+=("$comp")
            done
        } < "$f"
    done
}

# apt_status_load : ST_V ST_A ST_STATUS ST_IS keyed by package name (dpkg status)
apt_status_load() {
    local line n v a w e s is
    declare -gA ST_V=() ST_A=() ST_STATUS=() ST_IS=()
    lab_packages_load
    for line in "${PK_LINES[@]}"; do
        read -r n v a w e s is <<< "$line"
        [[ $v == - ]] && v=""
        ST_V[$n]=$v ST_A[$n]=$a ST_STATUS[$n]="$w $e $s" ST_IS[$n]=${is:-0}
    done
}

# apt_current NAME : the package has a current version in dpkg's database (installed, or part-way)
apt_current() {
    [[ ${ST_STATUS[$1]:-} == *" "@(installed|half-installed|unpacked|half-configured|triggers-awaited|triggers-pending) ]]
}

apt_is_installed() { # NAME
    [[ ${ST_STATUS[$1]:-} == *" installed" ]]
}

# apt_versions NAME : AV_IDX = indexes into AP_* for NAME, newest first (stable by list order)
apt_versions() {
    local j x y k
    AV_IDX=()
    for j in "${!AP_N[@]}"; do
        [[ ${AP_N[j]} == "$1" ]] && AV_IDX+=("$j")
    done
    for ((x = 1; x < ${#AV_IDX[@]}; x++)); do
        for ((y = x; y > 0; y--)); do
            lab_dpkgcmp "${AP_V[AV_IDX[y - 1]]}" "${AP_V[AV_IDX[y]]}"
            ((LAB_CMP < 0)) || break
            k=${AV_IDX[y - 1]} AV_IDX[y - 1]=${AV_IDX[y]} AV_IDX[y]=$k
        done
    done
}

# apt_depends NAME : the package NAME needs at its own version (Depends: X (= ${binary:Version})); only the two the
# domain notes (1.8) name. apt-get resolves them, dpkg checks them when it configures.
apt_depends() {
    case $1 in
        calico-felix) echo calico-common ;;
        calico-control) echo networking-calico ;;
    esac
}

# ------------------------------------------------------------------ dpkg's database
# What dpkg 1.17/1.18 does to a package's status while it works on it, shared by apt-get (which runs dpkg) and dpkg.
# Unpacking: "install reinstreq half-installed" at the old version, then "install ok unpacked" at the new one
# (src/unpack.c: pkg_set_eflags(reinstreq) + stat_halfinstalled before the files, installed.version copied from the
# new package later, stat_unpacked and the flag reset at the end). Configuring: "half-configured", then "installed"
# (src/configure.c). Triggers: the interested package is "triggers-pending" until they run (src/trigproc.c). Every
# change is noted in /var/lib/dpkg/updates while dpkg runs and folded into the status file when it ends; apt refuses
# to run while an all-digit file is there (apt-pkg/deb/debsystem.cc CheckUpdates: "dpkg was interrupted").

DPKG_UPDATES=/var/lib/dpkg/updates
DPKG_FORCE=() # --force-conf* options dpkg got (from apt's Dpkg::Options or dpkg's own command line)
DPKG_ACTION=configure # the action errors name (src/errors.c print_error_perpackage: "(--configure)", "(--install)")

# dpkg_set NAME VERSION ARCH EFLAG STATUS ISIZE : one package's status (want install), saved at once
dpkg_set() {
    lab_packages_set "$1" "$1 ${2:--} $3 install $4 $5 ${6:-0}"
    lab_packages_save
}

dpkg_journal_open() {
    /bin/mkdir -p "$DPKG_UPDATES"
    printf 'Package: %s\n' "${1:-}" > "$DPKG_UPDATES/0000"
}

dpkg_journal_close() {
    /bin/rm -f "$DPKG_UPDATES"/[0-9]*
}

# dpkg_interrupted : an all-digit journal file is left (debsystem.cc CheckUpdates)
dpkg_interrupted() {
    local f
    for f in "$DPKG_UPDATES"/*; do
        [[ ${f##*/} == +([0-9]) ]] && return 0
    done
    return 1
}

# dpkg_has_force OPTION : was dpkg given --force-OPTION
dpkg_has_force() {
    local o
    for o in "${DPKG_FORCE[@]}"; do
        [[ $o == "--force-$1" ]] && return 0
    done
    return 1
}

# dpkg_conffile PACKAGE : a conffile of PACKAGE changed locally and in the new version (/var/lib/lab/conffiles-changed)
# is what dpkg 1.17.5 src/configure.c show_prompt handles: with --force-confdef the default (keep the local file,
# the new one saved as .dpkg-dist), else with --force-confold/--force-confnew that choice, else a prompt on stderr
# read from stdin, where EOF is an error that leaves the package half-configured. Returns 1 on that error.
dpkg_conffile() {
    local pkg=$1 p path answer
    [[ -r $LAB_STATE/conffiles-changed ]] || return 0
    while read -r p path; do
        [[ $p == "$pkg" && -n $path ]] || continue
        {
            echo
            echo "Configuration file '$path'"
            echo " ==> Modified (by you or by a script) since installation."
            echo " ==> Package distributor has shipped an updated version."
        } >&2
        if dpkg_has_force confdef; then
            echo " ==> Keeping old config file as default." >&2
        elif dpkg_has_force confnew; then
            echo " ==> Using new file as you requested." >&2
        elif dpkg_has_force confold; then
            echo " ==> Using current old file as you requested." >&2
        else
            {
                echo "   What would you like to do about it ?  Your options are:"
                echo "    Y or I  : install the package maintainer's version"
                echo "    N or O  : keep your currently-installed version"
                echo "      D     : show the differences between the versions"
                echo "      Z     : start a shell to examine the situation"
                echo " The default action is to keep your current version."
                printf '*** %s (Y/I/N/O/D/Z) [default=N] ? ' "${path##*/}"
            } >&2
            if ! read -r answer; then
                printf 'dpkg: error processing package %s (--%s):\n EOF on stdin at conffile prompt\n' "$pkg" "${DPKG_ACTION:-configure}" >&2
                return 1
            fi
        fi
    done < "$LAB_STATE/conffiles-changed"
    return 0
}

# dpkg_setup NAME VERSION ARCH ISIZE STOPPED : configure one unpacked package ("Setting up"); its postinst starts
# or restarts calico-felix / calico-dhcp-agent (upstart job on trusty; on systemd nodes a restart when STOPPED says
# the unpack stopped it). Returns 1 when the conffile prompt failed (the package stays half-configured).
dpkg_setup() {
    local name=$1 v=$2 arch=$3 is=$4 stopped=$5
    echo "Setting up $name ($v) ..."
    dpkg_set "$name" "$v" "$arch" ok half-configured "$is"
    dpkg_conffile "$name" || return 1
    dpkg_set "$name" "$v" "$arch" ok installed "$is"
    case $name in
        calico-felix | calico-dhcp-agent)
            if [[ ! -e /usr/bin/$name && -e /usr/lib/lab/bin/$name ]]; then
                /bin/ln /usr/lib/lab/bin/"$name" /usr/bin/"$name"
            fi
            if [[ ! -f $LAB_STATE/services/$name ]]; then
                printf 'inactive 0 %s\n' "$EPOCHSECONDS" > "$LAB_STATE/services/$name"
            fi
            if [[ $LAB_OS == trusty ]]; then
                # the upstart job is started by postinst
                if lab_service_read "$name" && [[ $SVC_STATE != active ]]; then
                    if [[ -n $stopped ]]; then lab_journal invoke-rc.d "$name" restart; else lab_journal invoke-rc.d "$name" start; fi
                    lab_service_set "$name" active
                    echo "$name start/running, process $SVC_PID"
                fi
            elif [[ -n $stopped ]]; then
                lab_package_restart "$name"
            fi
            ;;
    esac
    return 0
}

# dpkg_trigger_interest : the packages whose triggers a Calico package activates (files in /etc/init and, on
# xenial, systemd units), in the order the recorded transcripts process them
dpkg_trigger_interest() {
    if [[ $LAB_OS == trusty ]]; then echo ureadahead; else printf '%s\n' systemd ureadahead; fi
}

# dpkg_run_triggers : "Processing triggers for" every triggers-pending package, then every package awaiting them is
# installed (src/trigproc.c)
dpkg_run_triggers() {
    local line n v a w e s is
    lab_packages_load
    for line in "${PK_LINES[@]}"; do
        read -r n v a w e s is <<< "$line"
        [[ $s == triggers-pending ]] || continue
        echo "Processing triggers for $n ($v) ..."
        dpkg_set "$n" "$v" "$a" ok installed "$is"
    done
    lab_packages_load
    for line in "${PK_LINES[@]}"; do
        read -r n v a w e s is <<< "$line"
        [[ $s == triggers-awaited ]] && dpkg_set "$n" "$v" "$a" ok installed "$is"
    done
    return 0
}
