# packaging/install.cmake: what `cmake --install` puts where (GNUInstallDirs) and how `cpack -G DEB` packages it.
# Installed layout (prefix /usr for the .deb):
#   bin/patchwatch                         the command
#   share/patchwatch/rules/                the shipped rules (patches, signatures, sources, extract, thresholds, scopes)
#   share/patchwatch/examples/             the embedded default configuration and its inputs, with the demo
#                                          fleet generated at build time (bench_fleetsim, seed 7), so an
#                                          installed `patchwatch run` needs neither the source tree nor `make demo`
#   share/doc/patchwatch/                  README and docs/
#   share/man/man1/patchwatch.1.gz         generated from the commands' own --help (one source of truth)
#   lib/systemd/system/patchwatch.service  the service unit (Type=notify, hardened); /etc/patchwatch/ its config

set(PW_DEMO_FLEET ${CMAKE_BINARY_DIR}/demo-fleet)
add_custom_command(OUTPUT ${PW_DEMO_FLEET}/inventory.yaml
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${PW_DEMO_FLEET}
  COMMAND bench_fleetsim --out ${PW_DEMO_FLEET} --seed 7 --hosts 24 --days 24 --bad csv --report before
  DEPENDS bench_fleetsim
  COMMENT "Generating the demo fleet for installation")
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/patchwatch.1.gz
  COMMAND sh ${CMAKE_SOURCE_DIR}/packaging/gen_man.sh $<TARGET_FILE:patchwatch> ${PROJECT_VERSION}
          > ${CMAKE_BINARY_DIR}/patchwatch.1
  COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/patchwatch.1
  DEPENDS patchwatch ${CMAKE_SOURCE_DIR}/packaging/gen_man.sh
  COMMENT "Generating patchwatch.1 from --help")
add_custom_target(pw_install_data ALL DEPENDS ${PW_DEMO_FLEET}/inventory.yaml ${CMAKE_BINARY_DIR}/patchwatch.1.gz)

install(TARGETS patchwatch RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/patchwatch/rules
  FILES_MATCHING PATTERN "*.yaml" PATTERN "*.yml" PATTERN "*.txt" PATTERN "README.md")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/patchwatch/examples
  PATTERN "fleet" EXCLUDE)
install(DIRECTORY ${PW_DEMO_FLEET}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/patchwatch/examples/fleet)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
  FILES_MATCHING PATTERN "*.md" PATTERN "*.png")
install(FILES ${CMAKE_BINARY_DIR}/patchwatch.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/patchwatch.service DESTINATION lib/systemd/system)
# /etc/patchwatch when the prefix is /usr (GNUInstallDirs' rule; `make build` configures /usr, as Debian does),
# PREFIX/etc/patchwatch otherwise.
install(FILES ${CMAKE_SOURCE_DIR}/packaging/patchwatch.yaml DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/patchwatch)

set(CPACK_PACKAGE_NAME patchwatch)
set(CPACK_PACKAGE_VENDOR "patchwatch")
set(CPACK_PACKAGE_CONTACT "patchwatch maintainers <patchwatch@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "detect emerging patch regressions from fleet event logs and advisory feeds")
set(CPACK_PACKAGE_DESCRIPTION "patchwatch reads Windows event logs (EVTX, XML/JSON exports), syslog and log files,
learns which host installed which update, mines error signatures, correlates them with patch installs and with
vendor and community advisories, and raises alerts and incidents with their evidence.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_SET_DESTDIR ON) # the config's absolute /etc destination lands in the package as /etc
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # dpkg-shlibdeps finds libjansson4, libsqlite3-0, ... from the binary itself
if(PW_LAZY_LIBS) # loaded with dlopen (core/pw_lazylib.c), so invisible to dpkg-shlibdeps: named here
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4 (>= 7.74), libzmq5 (>= 4.3.2), libmicrohttpd12 (>= 0.9.71), libxml2 (>= 2.9.10), libssl3 (>= 3.0)")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
