#!/usr/bin/env bash
# The other Debian release's Wine, in a Debian root made by debootstrap from the machine's own
# mirror and cached outside the source tree: on Debian 12 (Wine 8) a Debian 13 root (Wine 10),
# on Debian 13 a Debian 12 root. The same PE binaries then run under both Wines.
#
# Usage: wine-root.sh make             make the root, or reuse it when ready; prints its path
#        wine-root.sh version          the root's `wine --version` (making the root if needed)
#        wine-root.sh exec CMD [ARGS]  run CMD on the host, in a private mount namespace where
#                                      the root has proc, sys, dev, dev/pts, a tmpfs dev/shm, and
#                                      the host's /tmp, this repository, the build and prefix
#                                      folders at the same paths (see bind_paths), and where
#                                      the host's Wine DLL folders show the root's
#        wine-root.sh run CMD [ARGS]   run CMD inside the root (chroot), in the current folder;
#                                      only within `exec` (tools/wine-run.sh uses it)
# Environment:
#   WCT_WINE_ROOT      the root (default: $WCT_ROOTS_DIR/$WCT_ROOT_RELEASE)
#   WCT_ROOTS_DIR      where roots are cached (default: /var/cache/wct/roots)
#   WCT_ROOT_RELEASE   the release of the root (default: trixie on bookworm, bookworm otherwise)
#   WCT_ROOT_MIRROR    the Debian mirror (default: the first of the machine's apt sources)
#   WCT_ROOT_BINDS     more host folders to show in the root, separated by ':'
#
# A root is ready when its stamp (.wct-ready) exists, names this recipe (or nothing: a root
# made by hand by the same recipe is adopted, and stamped) and its Wine packages are installed
# and start. Otherwise it is stale and made anew: in a new folder beside it, under a lock, then
# renamed into place, so that an interrupted run never leaves a root that looks ready and runs
# using the old one are not disturbed. The old root is kept as ROOT.old-DATE (never deleted
# here: a run of another user may still have it mounted); delete it by hand.
# Mounts exist only in the namespace of `exec` (and of making the root): they vanish with it,
# are never seen by other runs, and nothing is left mounted after an interruption.
set -euo pipefail

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
recipe="wct-root-recipe 1: debootstrap minbase; i386; wine wine64 wine32:i386 libwine"
root_packages=(wine wine64 wine32:i386 libwine)

host_codename() { . /etc/os-release && echo "${VERSION_CODENAME:-}"; }

default_release() {
    case $(host_codename) in
        bookworm) echo trixie ;;
        *) echo bookworm ;;
    esac
}

release=${WCT_ROOT_RELEASE:-$(default_release)}
root=${WCT_WINE_ROOT:-${WCT_ROOTS_DIR:-/var/cache/wct/roots}/$release}

die() { echo "wine-root.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot and mounts need it)"

# The machine's first Debian archive mirror (not the security one).
. "$repo_dir/tools/debian-mirrors.sh"
machine_mirror() { debian_mirrors | awk 'NR == 1'; }

# ---- readiness ----------------------------------------------------------------------------
packages_installed() {
    local dir=$1 p
    for p in "${root_packages[@]}"; do
        dpkg-query --admindir="$dir/var/lib/dpkg" -W -f='${Status}\n' "$p" 2>/dev/null |
            grep -q '^install ok installed$' || return 1
    done
}

# The root's `wine --version` (Wine finds itself through /proc: mounted in a private namespace).
root_wine_version() {
    unshare -m --propagation private sh -c \
        'mountpoint -q "$1/proc" || mount -t proc proc "$1/proc"; exec chroot "$1" /usr/lib/wine/wine64 --version' sh "$1"
}

wine_starts() { root_wine_version "$1" >/dev/null 2>&1; }

# Ready: stamped with this recipe (or an empty stamp: adopted), packages in, Wine starts.
root_ready() {
    local dir=$1 stamp
    [ -f "$dir/.wct-ready" ] || return 1
    stamp=$(cat "$dir/.wct-ready")
    [ -z "$stamp" ] || [ "$stamp" = "$recipe" ] || { echo "wine-root.sh: $dir: made by another recipe" >&2; return 1; }
    packages_installed "$dir" || { echo "wine-root.sh: $dir: Wine's packages are not all installed" >&2; return 1; }
    wine_starts "$dir" || { echo "wine-root.sh: $dir: its Wine does not start" >&2; return 1; }
    [ -n "$stamp" ] || { echo "wine-root.sh: adopting $dir (made by the same recipe)" >&2; echo "$recipe" > "$dir/.wct-ready"; }
    return 0
}

# ---- making -------------------------------------------------------------------------------
# Makes a root in $1 (a new, empty folder), in a private mount namespace.
build_root() {
    local dir=$1 mirror
    mirror=${WCT_ROOT_MIRROR:-$(machine_mirror)}
    [ -n "$mirror" ] || die "no Debian mirror in the machine's apt sources (set WCT_ROOT_MIRROR)"
    command -v debootstrap >/dev/null || {
        echo "wine-root.sh: installing debootstrap" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >&2
    }
    echo "wine-root.sh: making a Debian $release root in $dir from $mirror" >&2
    unshare -m --propagation private bash -euo pipefail -c '
        dir=$1 release=$2 mirror=$3; shift 3
        debootstrap --variant=minbase "$release" "$dir" "$mirror" >"$dir.log" 2>&1 ||
            { tail -n 20 "$dir.log"; exit 1; }
        cp /etc/resolv.conf "$dir/etc/resolv.conf"
        mount -t proc proc "$dir/proc"
        mount --rbind /dev "$dir/dev"
        chroot "$dir" dpkg --add-architecture i386
        chroot "$dir" apt-get update -q >>"$dir.log" 2>&1
        chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$dir.log" 2>&1 ||
            { tail -n 20 "$dir.log"; exit 1; }
        chroot "$dir" apt-get clean
    ' build "$dir" "$release" "$mirror" "${root_packages[@]}" >&2
    packages_installed "$dir" || die "Wine's packages are not all in the new root (log: $root.failed.log)"
    wine_starts "$dir" || die "the new root's Wine does not start (log: $root.failed.log)"
    echo "$recipe" > "$dir/.wct-ready"
}

make_root() {
    mkdir -p "$(dirname "$root")"
    (
        flock 7
        root_ready "$root" && exit 0
        local new start
        start=$(date +%s)
        new=$(mktemp -d "$root.new.XXXXXX")
        # A folder left by an interrupted run has nothing mounted (the namespace is gone).
        trap 'mv -f "$new.log" "$root.failed.log" 2>/dev/null; rm -rf --one-file-system "$new"' EXIT
        build_root "$new"
        if [ -e "$root" ]; then
            mv "$root" "$root.old-$(date +%Y%m%d-%H%M%S)"
            echo "wine-root.sh: the stale root was kept beside it (delete it when no run uses it)" >&2
        fi
        mv "$new" "$root"
        mv "$new.log" "$root.log"
        trap - EXIT
        echo "wine-root.sh: $root made in $(( $(date +%s) - start )) s" >&2
    ) 7>"$root.lock"
    echo "$root"
}

# ---- running ------------------------------------------------------------------------------
# Host folders shown in the root at the same path: the host's /tmp (test work folders; the
# wineservers' sockets are per prefix, and prefixes are per Wine), this repository, the
# current folder, the prefix and its templates, and WCT_ROOT_BINDS.
bind_paths() {
    local p
    for p in /tmp "$repo_dir" "$PWD" ${WINEPREFIX:+"$(dirname "$WINEPREFIX")"} \
             "${WCT_PREFIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wct}"; do
        echo "$p"
    done
    tr ':' '\n' <<<"${WCT_ROOT_BINDS:-}"
}

# In the current (private) namespace: mounts the root's system folders and the bind paths,
# each once (a folder within one already shown is left alone).
mount_all() {
    local p done=() d covered
    mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
    mountpoint -q "$root/sys" || mount --rbind /sys "$root/sys"
    mountpoint -q "$root/dev" || mount --rbind /dev "$root/dev"
    mountpoint -q "$root/dev/pts" || mount --bind /dev/pts "$root/dev/pts"
    mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
    # The host's folders of Wine's PE DLLs show the root's: what a script on the host finds
    # there (wct-wine's builtin advapi32.dll, a link to it) is what the root's Wine loads.
    for d in /usr/lib/x86_64-linux-gnu/wine /usr/lib/i386-linux-gnu/wine; do
        [ -d "$d" ] && [ -d "$root$d" ] && mount --bind "$root$d" "$d"
    done
    while IFS= read -r p; do
        [ -n "$p" ] && [ -d "$p" ] || continue
        p=$(cd "$p" && pwd -P)
        covered=
        for d in "${done[@]}"; do
            case $p/ in "$d"/*) covered=1 ;; esac
        done
        [ -z "$covered" ] || continue
        mkdir -p "$root$p"
        mount --rbind "$p" "$root$p"
        done+=("$p")
    done < <(bind_paths | awk 'length { print length, $0 }' | sort -n | cut -d' ' -f2-)
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
    make) make_root ;;
    version)
        make_root >/dev/null
        root_wine_version "$root" ;;
    exec)
        [ $# -gt 0 ] || die "exec: no command"
        make_root >/dev/null
        # The namespace ends with CMD; its mounts with it (the trap of a run is the kernel's).
        exec unshare -m --propagation private env WCT_WINE_ROOT="$root" WCT_WINE_ROOT_NS="$root" \
            bash -c 'bash "$0" --mount && exec "$@"' "${BASH_SOURCE[0]}" "$@" ;;
    --mount) mount_all ;;
    run)
        [ "${WCT_WINE_ROOT_NS:-}" = "$root" ] || die "run: only within \`wine-root.sh exec\`"
        [ $# -gt 0 ] || die "run: no command"
        mkdir -p -m 0700 "$root/tmp/wct-xdg-$(id -u)" 2>/dev/null || true
        exec chroot "$root" /usr/bin/env XDG_RUNTIME_DIR="/tmp/wct-xdg-$(id -u)" \
            /bin/sh -c 'cd "$0" && exec "$@"' "$PWD" "$@" ;;
    *) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
