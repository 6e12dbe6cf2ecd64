#!/usr/bin/env bash
# Install the peer tools the benchmark compares against into their own
# virtualenv (benchmarks/.peers/), apart from the project's .venv, so their
# dependency pins (markdown-it-py, tomlkit, polib ...) never leak into ours.
#
#   benchmarks/peers.sh               mdpo, translate-toolkit, hugo-gettext
#   benchmarks/peers.sh --with-po4a   also po4a from Debian (apt-get, slow tool)
#
# Re-running is cheap: pip only installs what is missing. PYTHON selects the
# interpreter used to create the virtualenv (default: python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.peers"
python="${PYTHON:-python3}"
with_po4a=0

for arg in "$@"; do
    case "$arg" in
        --with-po4a) with_po4a=1 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "peers.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

# Versions known to work with the adapters in tools.py; bump deliberately.
# translate-toolkit needs its "markdown" extra (mistletoe) for md2po/po2md and
# "levenshtein" (RapidFuzz) for pot2po's fuzzy matcher, as its docs recommend.
peers=(
    "mdpo==2.1.4"
    "translate-toolkit[markdown,levenshtein]==3.20.4"
    "hugo-gettext==0.6.0"
)

if [ ! -x "$venv/bin/python" ]; then
    echo "peers: creating $venv"
    "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    echo "peers: $venv has no working pip; delete it and run again" >&2
    exit 2
fi
echo "peers: installing ${peers[*]}"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${peers[@]}"

have_apt_root() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }
apt_updated=0
apt_install() {
    if ! have_apt_root; then
        echo "peers: '$*' missing and apt-get (as root) is not available; install it by hand" >&2
        return 1
    fi
    if [ "$apt_updated" = 0 ]; then
        apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# hugo-gettext writes only a POT and compiles PO -> MO with msgfmt; the harness
# makes its PO with msginit. Both are GNU gettext.
if ! command -v msginit >/dev/null 2>&1 || ! command -v msgfmt >/dev/null 2>&1; then
    echo "peers: installing GNU gettext (msginit, msgfmt)"
    apt_install gettext || true
fi

if [ "$with_po4a" = 1 ] && ! command -v po4a >/dev/null 2>&1; then
    echo "peers: installing po4a (Debian)"
    apt_install po4a
fi

"$venv/bin/python" - <<'EOF'
from importlib.metadata import version
for name in ("mdpo", "translate-toolkit", "hugo-gettext"):
    print(f"peers: {name} {version(name)}")
EOF
if command -v po4a >/dev/null 2>&1; then
    echo "peers: $(po4a --version 2>/dev/null | head -n 1)"
fi
