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
