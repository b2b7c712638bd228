#!/usr/bin/env bash
# Refreshes the API playground's third-party assets (served by the binary
# at /playground, embedded at build time: server/playground/) from pinned
# npm packages, with their licences. The build itself never fetches
# anything; run this by hand to change a version, then commit the result.
#
#   tools/vendor_playground.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned: GraphiQL 3 is the last major with a browser (UMD) build, and it
# wants React 18's UMD builds (React 19 has none).
GRAPHIQL=graphiql@3.8.3
REACT=react@18.3.1
REACT_DOM=react-dom@18.3.1
SWAGGER_UI=swagger-ui-dist@5.17.14

out=server/playground/vendor
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$GRAPHIQL" "$REACT" "$REACT_DOM" "$SWAGGER_UI" >/dev/null)
for tgz in "$work"/*.tgz; do
  dir="$work/$(basename "$tgz" .tgz)"
  mkdir -p "$dir"
  tar xzf "$tgz" -C "$dir"
done

rm -rf "$out"
mkdir -p "$out/licenses"
take() {  # package-dir file [name in $out]
  cp "$work/$1/package/$2" "$out/${3:-$(basename "$2")}"
}
take "${GRAPHIQL/@/-}" graphiql.min.js
take "${GRAPHIQL/@/-}" graphiql.min.css
take "${REACT/@/-}" umd/react.production.min.js
take "${REACT_DOM/@/-}" umd/react-dom.production.min.js
take "${SWAGGER_UI/@/-}" swagger-ui-bundle.js
take "${SWAGGER_UI/@/-}" swagger-ui.css
cp "$work/${GRAPHIQL/@/-}/package/LICENSE" "$out/licenses/graphiql-LICENSE"
cp "$work/${REACT/@/-}/package/LICENSE" "$out/licenses/react-LICENSE"
cp "$work/${REACT_DOM/@/-}/package/LICENSE" "$out/licenses/react-dom-LICENSE"
cp "$work/${SWAGGER_UI/@/-}/package/LICENSE" "$out/licenses/swagger-ui-LICENSE"
cp "$work/${SWAGGER_UI/@/-}/package/NOTICE" "$out/licenses/swagger-ui-NOTICE"
# Source maps point at files we do not ship: drop the references.
sed -i 's|//# sourceMappingURL=.*||' "$out"/*.js
sed -i 's|/\*# sourceMappingURL=.*\*/||' "$out"/*.css
{
  echo "Vendored by tools/vendor_playground.sh from the npm registry:"
  echo "  $GRAPHIQL (MIT), $REACT (MIT), $REACT_DOM (MIT), $SWAGGER_UI (Apache-2.0)"
  echo "Licences in licenses/."
} >"$out/VERSIONS"
echo "vendored into $out:"
ls -la "$out"
