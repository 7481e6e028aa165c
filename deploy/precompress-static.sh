#!/bin/sh
# Copy the portal's static files to where nginx serves them and write a .gz beside each
# text file, for nginx's gzip_static. Run at install and after every upgrade:
#   deploy/precompress-static.sh /opt/simpul/static
# The source is the installed portal package's static folder (or pass it as $2).
set -eu
dest="${1:?usage: precompress-static.sh DEST [SOURCE]}"
python="${PYTHON:-python3}"
src="${2:-$("$python" -c 'import os, portal; print(os.path.join(os.path.dirname(portal.__file__), "static"))')}"
mkdir -p "$dest"
tmp="$(mktemp -d "$dest/.new.XXXXXX")"
cp -R "$src"/. "$tmp"/
find "$tmp" -type f \( -name '*.css' -o -name '*.js' -o -name '*.svg' -o -name '*.json' \) \
  -exec gzip -9 -k -n -f {} \;
# Swap the folders' contents: old file names stay valid until the new ones are in place.
cp -R "$tmp"/. "$dest"/
rm -rf "$tmp"
echo "static files in $dest ($(find "$dest" -name '*.gz' | wc -l) precompressed)"
