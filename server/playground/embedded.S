/* The playground's files, in the binary's read-only data (assets.cpp
   indexes them). The assembler finds them through -I (server/CMakeLists.txt):
   server/playground and server/playground/vendor. */
.macro ASSET name, file
  .section .rodata.vingt_asset_\name, "a"
  .balign 16
  .global vingt_asset_\name\()_begin
  .global vingt_asset_\name\()_end
vingt_asset_\name\()_begin:
  .incbin "\file"
vingt_asset_\name\()_end:
.endm

ASSET page_html, "page.html"
ASSET playground_js, "playground.js"
ASSET graphiql_js, "graphiql.min.js"
ASSET graphiql_css, "graphiql.min.css"
ASSET react_js, "react.production.min.js"
ASSET react_dom_js, "react-dom.production.min.js"
ASSET swagger_ui_js, "swagger-ui-bundle.js"
ASSET swagger_ui_css, "swagger-ui.css"
ASSET versions, "VERSIONS"

.section .note.GNU-stack, "", @progbits
