# Installing evsim like a tool: `cmake --install` and a Debian package (CPack), so that an
# adapter's CI can install a release file instead of building evsim.
#
#   <prefix>/bin/evsim                      the command (statically linked: no runtime packages)
#   <prefix>/share/evsim/scenarios/         the scenario suite; `evsim run` and `evsim gate`
#                                           find it beside the binary (cli/cli_common.h)
#   <prefix>/share/doc/evsim/               README, docs/, the Python example adapter, CI examples
include(GNUInstallDirs)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/evsim/scenarios
  FILES_MATCHING PATTERN "*.yaml" PATTERN "README.md" PATTERN "digests.txt")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
  USE_SOURCE_PERMISSIONS)

set(CPACK_PACKAGE_NAME evsim)
set(CPACK_PACKAGE_VENDOR "evsim")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "deterministic simulation and conformance testing for event stores")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # evsim_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "evsim developers <evsim@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The evsim binary links statically (EVSIM_STATIC_CLI); the Python example needs python3,
# which is a suggestion, not a dependency.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "evsim runs an event store in lockstep with a reference model under a seeded scheduler that
interleaves operations with crashes, torn and lost writes and clock jumps. `evsim gate`
judges any store speaking its JSON-lines wire protocol and exits non-zero with a
conformance matrix when the store breaks the contract.")
include(CPack)
