# `cmake --install`: the libraries, their headers, the executables, the bundled fixtures, a CMake
# package (find_package(bedrock_testbed): bedrock_testbed::protocol, ::cassettes, ::transport, ::mock,
# ::client, ::recorder, ::mock_testing, ::mock_gtest, and the executables) and pkg-config files
# (bedrock-protocol, -cassettes, -transport, -mock, -client, -recorder, -mock-testing). docs/embedding.md
# says how consumers use them; tests/consumer/ builds two consumers against an installed tree.
include(CMakePackageConfigHelpers)

set(BEDROCK_INSTALL_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/bedrock_testbed")

# The same names in the build tree as after find_package, so a project can also use
# add_subdirectory / FetchContent without changing its target_link_libraries.
foreach(component protocol cassettes transport mock client recorder)
  add_library(bedrock_testbed::${component} ALIAS bedrock_${component})
  set_target_properties(bedrock_${component} PROPERTIES EXPORT_NAME ${component})
endforeach()
set_target_properties(bedrock_mock_testing PROPERTIES EXPORT_NAME mock_testing)
# Static libraries list their private link items in the export, bedrock_warnings among them. It
# has no link items and, behind $<LINK_ONLY:>, its compile options never reach a consumer.
set_target_properties(bedrock_warnings PROPERTIES EXPORT_NAME internal_warnings)

install(TARGETS bedrock_protocol bedrock_cassettes bedrock_transport bedrock_mock bedrock_client bedrock_recorder
                bedrock_mock_testing bedrock_warnings
        EXPORT bedrock_testbed_targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS bedrock-mock bedrock-record bedrock-cli bedrock-cassette
        EXPORT bedrock_testbed_targets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT bedrock_testbed_targets
        NAMESPACE bedrock_testbed::
        FILE bedrock_testbedTargets.cmake
        DESTINATION ${BEDROCK_INSTALL_CMAKE_DIR})

# The GoogleTest fixtures need the consumer's GTest, so they are a separate export that the
# package config loads only when GTest is found (COMPONENTS gtest makes it required).
if(TARGET bedrock_mock_gtest)
  set_target_properties(bedrock_mock_gtest PROPERTIES EXPORT_NAME mock_gtest)
  install(TARGETS bedrock_mock_gtest EXPORT bedrock_testbed_gtest_targets)
  install(EXPORT bedrock_testbed_gtest_targets
          NAMESPACE bedrock_testbed::
          FILE bedrock_testbedGTestTargets.cmake
          DESTINATION ${BEDROCK_INSTALL_CMAKE_DIR})
endif()

foreach(component protocol cassettes transport mockserver client recorder mockserver/testing)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${component}/include/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fixtures/ DESTINATION ${BEDROCK_INSTALL_FIXTURES_DIR})

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/bedrock_testbedConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/bedrock_testbedConfig.cmake
  INSTALL_DESTINATION ${BEDROCK_INSTALL_CMAKE_DIR}
  PATH_VARS BEDROCK_INSTALL_FIXTURES_DIR)
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/bedrock_testbedConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)  # 0.x: a minor release may change the API
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/bedrock_testbedConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/bedrock_testbedConfigVersion.cmake
        DESTINATION ${BEDROCK_INSTALL_CMAKE_DIR})

# pkg-config: relocatable (prefix from ${pcfiledir}), one file per library.
set(BEDROCK_PKGCONFIG_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
file(RELATIVE_PATH BEDROCK_PC_TO_PREFIX "/prefix/${BEDROCK_PKGCONFIG_DIR}" "/prefix")
string(REGEX REPLACE "/$" "" BEDROCK_PC_TO_PREFIX "${BEDROCK_PC_TO_PREFIX}")
foreach(pc protocol cassettes transport mock client recorder mock-testing)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/pkgconfig/bedrock-${pc}.pc.in
                 ${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/bedrock-${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/bedrock-${pc}.pc
          DESTINATION ${BEDROCK_PKGCONFIG_DIR})
endforeach()
