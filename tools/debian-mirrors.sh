# debian-mirrors.sh - sourced by tools/install-deps.sh and tools/wine-root.sh.
# debian_mirrors: the machine's Debian archive mirrors (not the security one), one URI a line,
# in the order of its apt sources (deb822 .sources files, then sources.list).
debian_mirrors() {
    {
        sed -n 's/^URIs:[ \t]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
        [ ! -f /etc/apt/sources.list ] || sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list
    } | grep -v -e security -e '^$' | awk '!seen[$0]++'
    return 0
}
