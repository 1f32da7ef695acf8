# The third-party libraries evsim's own libraries link, as evsim::crypto, evsim::yaml,
# evsim::xxhash, evsim::sqlite3 and evsim::fmt. With EVSIM_STATIC_CLI they are Debian's static
# archives, so that the evsim command links statically: it starts in about 3 ms instead of 8
# (measured), which matters because `evsim serve` starts once per simulated crash when a gate runs it over
# the wire protocol. Sanitizer builds link dynamically (ASan needs it).

find_package(OpenSSL 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)

# fmt ships no static archive on Debian; its header-only form links into anything.
add_library(evsim::fmt ALIAS fmt::fmt-header-only)

function(evsim_static_archive name archive include_directories)
  find_library(EVSIM_${name}_ARCHIVE NAMES ${archive} REQUIRED)
  add_library(evsim_${name}_static STATIC IMPORTED GLOBAL)
  set_target_properties(evsim_${name}_static PROPERTIES
    IMPORTED_LOCATION "${EVSIM_${name}_ARCHIVE}"
    INTERFACE_INCLUDE_DIRECTORIES "${include_directories}")
endfunction()

if(EVSIM_STATIC_CLI)
  get_target_property(yaml_includes yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
  evsim_static_archive(crypto libcrypto.a "${OPENSSL_INCLUDE_DIR}")
  evsim_static_archive(yaml libyaml-cpp.a "${yaml_includes}")
  evsim_static_archive(xxhash libxxhash.a "${XXHASH_INCLUDE_DIRS}")
  evsim_static_archive(sqlite3 libsqlite3.a "${SQLITE3_INCLUDE_DIRS}")
  # libcrypto.a needs the dynamic loader's and threads' symbols (unused paths, still linked).
  set_target_properties(evsim_crypto_static PROPERTIES INTERFACE_LINK_LIBRARIES "dl;pthread")
  add_library(evsim::crypto ALIAS evsim_crypto_static)
  add_library(evsim::yaml ALIAS evsim_yaml_static)
  add_library(evsim::xxhash ALIAS evsim_xxhash_static)
  # libsqlite3.a needs the math library, the dynamic loader and threads.
  set_target_properties(evsim_sqlite3_static PROPERTIES INTERFACE_LINK_LIBRARIES "m;dl;pthread")
  add_library(evsim::sqlite3 ALIAS evsim_sqlite3_static)
else()
  add_library(evsim::crypto ALIAS OpenSSL::Crypto)
  add_library(evsim::yaml ALIAS yaml-cpp)
  add_library(evsim::xxhash ALIAS PkgConfig::XXHASH)
  add_library(evsim::sqlite3 ALIAS PkgConfig::SQLITE3)
endif()
