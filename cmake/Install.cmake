# Install layout (`cmake --install`, and the staging tree of `cpack -G DEB`).
# With CMAKE_INSTALL_PREFIX=/usr (the packaged layout):
#   /usr/bin/deadlined
#   /usr/lib/systemd/system/deadlined.service
#   /usr/lib/sysusers.d/deadlined.conf, /usr/lib/tmpfiles.d/deadlined.conf
#   /usr/share/deadlined/holidays/vn-YYYY.toml   official notices (package data)
#   /usr/share/deadlined/templates/*.mustache    the default templates, to copy
#   /usr/share/man/man8/deadlined.8.gz
#   /usr/share/doc/deadlined/                    operations guide, config reference
#   /etc/deadlined/deadlined.toml, units/, plans/  the example config (conffiles)
# GNUInstallDirs maps SYSCONFDIR to /etc when the prefix is /usr.

set(DEADLINED_SYSTEMD_UNITDIR "lib/systemd/system" CACHE STRING
  "systemd system unit directory (relative to the prefix, or absolute)")
set(DEADLINED_SYSUSERSDIR "lib/sysusers.d" CACHE STRING "sysusers.d directory (relative to the prefix, or absolute)")
set(DEADLINED_TMPFILESDIR "lib/tmpfiles.d" CACHE STRING "tmpfiles.d directory (relative to the prefix, or absolute)")
set(DEADLINED_CONFDIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}/deadlined")
set(DEADLINED_FULL_DATADIR "${CMAKE_INSTALL_FULL_DATADIR}/deadlined")  # = DEADLINED_DATADIR of lib/

install(TARGETS deadlined RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# systemd integration.
install(FILES systemd/deadlined.service DESTINATION ${DEADLINED_SYSTEMD_UNITDIR})
install(FILES systemd/deadlined.sysusers DESTINATION ${DEADLINED_SYSUSERSDIR} RENAME deadlined.conf)
install(FILES systemd/deadlined.tmpfiles DESTINATION ${DEADLINED_TMPFILESDIR} RENAME deadlined.conf)

# Package data: read-only, replaced by upgrades.
install(DIRECTORY config/holidays/ DESTINATION ${CMAKE_INSTALL_DATADIR}/deadlined/holidays
  FILES_MATCHING PATTERN "vn-*.toml")
install(DIRECTORY config/templates/ DESTINATION ${CMAKE_INSTALL_DATADIR}/deadlined/templates
  FILES_MATCHING PATTERN "*.mustache")

# Documentation: the man page (gzip -n, as Debian ships man pages) and the guides.
find_program(DEADLINED_GZIP gzip)
if(DEADLINED_GZIP)
  install(CODE "execute_process(COMMAND \"${DEADLINED_GZIP}\" -9 -n -c \"${PROJECT_SOURCE_DIR}/docs/deadlined.8\"
                  OUTPUT_FILE \"${PROJECT_BINARY_DIR}/deadlined.8.gz\" COMMAND_ERROR_IS_FATAL ANY)")
  install(FILES ${PROJECT_BINARY_DIR}/deadlined.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
else()
  install(FILES docs/deadlined.8 DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
endif()
install(FILES docs/operations.md docs/config.md docs/webhooks.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The example configuration. The source tree's config/deadlined.toml names
# holidays_dir = "holidays" (relative, so it runs from a checkout); the
# installed copy points at the package data instead, so the holiday notices
# stay package data that upgrades refresh (not conffiles). An admin who needs a
# notice before the package has it copies the directory to
# /etc/deadlined/holidays and points holidays_dir there (docs/operations.md).
file(READ ${PROJECT_SOURCE_DIR}/config/deadlined.toml deadlined_example_config)
set(deadlined_holidays_line "holidays_dir = \"holidays\"")
string(FIND "${deadlined_example_config}" "${deadlined_holidays_line}" deadlined_found)
if(deadlined_found EQUAL -1)
  message(FATAL_ERROR "config/deadlined.toml: no line `${deadlined_holidays_line}` to rewrite for the installed copy")
endif()
string(REPLACE "${deadlined_holidays_line}" "holidays_dir = \"${DEADLINED_FULL_DATADIR}/holidays\""
  deadlined_example_config "${deadlined_example_config}")
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/etc/deadlined.toml CONTENT "${deadlined_example_config}" @ONLY)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/config/deadlined.toml)

# Config files never overwrite a file the admin has edited: an existing file
# that differs from the new one stays, and the new one is installed next to it
# as NAME.dist. (In the .deb these are dpkg conffiles, which dpkg handles the
# same way with NAME.dpkg-dist; see cmake/Package.cmake.)
set(DEADLINED_CONFFILES "")
function(deadlined_install_conffile source subdir)
  get_filename_component(name "${source}" NAME)
  set(dir "${DEADLINED_CONFDIR}")
  if(subdir)
    set(dir "${dir}/${subdir}")
  endif()
  install(CODE "
    set(deadlined_dest \"\$ENV{DESTDIR}${dir}/${name}\")
    if(EXISTS \"\${deadlined_dest}\")
      file(SHA256 \"\${deadlined_dest}\" deadlined_old)
      file(SHA256 \"${source}\" deadlined_new)
      if(deadlined_old STREQUAL deadlined_new)
        message(STATUS \"Up-to-date: \${deadlined_dest}\")
      else()
        message(STATUS \"Keeping the edited \${deadlined_dest}; the new version is \${deadlined_dest}.dist\")
        file(INSTALL \"${source}\" DESTINATION \"${dir}\" RENAME \"${name}.dist\"
             PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
      endif()
    else()
      file(INSTALL \"${source}\" DESTINATION \"${dir}\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    endif()")
  set_property(GLOBAL APPEND PROPERTY DEADLINED_CONFFILES "${dir}/${name}")
endfunction()

deadlined_install_conffile(${PROJECT_BINARY_DIR}/etc/deadlined.toml "")
file(GLOB deadlined_unit_files ${PROJECT_SOURCE_DIR}/config/units/*.toml)
file(GLOB deadlined_plan_files ${PROJECT_SOURCE_DIR}/config/plans/*.toml)
foreach(file IN LISTS deadlined_unit_files)
  deadlined_install_conffile(${file} units)
endforeach()
foreach(file IN LISTS deadlined_plan_files)
  deadlined_install_conffile(${file} plans)
endforeach()
