# `cpack -G DEB` (from the build directory): deadlined_<version>_<arch>.deb.
# Runtime library dependencies come from dpkg-shlibdeps; the files under
# /etc/deadlined are conffiles; packaging/deb/ holds the maintainer scripts.
# A second version for upgrade tests: configure with -DCPACK_PACKAGE_VERSION=X.
if(NOT DEFINED CPACK_PACKAGE_VERSION)
  set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
endif()
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME deadlined)
set(CPACK_PACKAGE_VENDOR "deadlined")
set(CPACK_PACKAGE_CONTACT "deadlined maintainers <deadlined@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "deadline and reminder daemon for Vietnamese state plans")
set(CPACK_PACKAGE_DESCRIPTION
  "deadlined reads plans (tasks, lead and supporting units, timelines written as
in the plan) and the Vietnamese working-day calendar, and sends reminders
before and after each due date by email (SMTP) and signed webhooks, from a
SQLite outbox. It runs as a systemd Type=notify service.")
# The install rules put /etc files at absolute paths: stage them under DESTDIR.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # deadlined_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)      # libcurl4, libsqlite3-0, libspdlog1.10, libsystemd0, ...
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
# Besides the libraries: time zone data (date-tz reads /usr/share/zoneinfo), CA
# certificates for SMTP/HTTPS, systemd-sysusers/-tmpfiles for postinst, and
# deb-systemd-helper.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "tzdata, ca-certificates, systemd-sysusers, systemd-tmpfiles, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd (>= 252)")

# Control files: conffiles (from the install rules) and the maintainer scripts.
get_property(deadlined_conffiles GLOBAL PROPERTY DEADLINED_CONFFILES)
list(SORT deadlined_conffiles)
list(JOIN deadlined_conffiles "\n" deadlined_conffiles_text)
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/packaging/conffiles CONTENT "${deadlined_conffiles_text}\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_BINARY_DIR}/packaging/conffiles
  ${PROJECT_SOURCE_DIR}/packaging/deb/postinst
  ${PROJECT_SOURCE_DIR}/packaging/deb/prerm
  ${PROJECT_SOURCE_DIR}/packaging/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
