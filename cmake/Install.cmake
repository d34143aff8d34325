# `cmake --install`: the headers (with the generated declarations), the
# libraries, the tools and a CMake package, so that a downstream project's
# find_package(Pilot) links pilot's dialects and passes (docs/embedding.md).

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PILOT_LIBRARIES
  PilotPattern PilotHardware PilotSim PilotAnalysis PilotSAttn PilotPIM
  PilotPIMTransforms PilotSAttnTransforms PilotSAttnToPIM PilotPipelines PilotInitAll PilotTarget PilotAPI
  PilotCAPI)
foreach(library ${PILOT_LIBRARIES})
  target_include_directories(${library} PUBLIC
    $<BUILD_INTERFACE:${PILOT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PILOT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # Sanitized libraries need their runtime in whatever links them.
  if(PILOT_SANITIZERS)
    target_link_options(${library} INTERFACE
      $<INSTALL_INTERFACE:-fsanitize=${PILOT_SANITIZERS}>)
  endif()
endforeach()

install(TARGETS ${PILOT_LIBRARIES} EXPORT PilotTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS pilot-opt pilot-sim pilot-translate
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PILOT_SOURCE_DIR}/include/pilot
  ${PILOT_SOURCE_DIR}/include/pilot-c
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY ${PILOT_BINARY_DIR}/include/pilot
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.inc")

set(PILOT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Pilot)
install(EXPORT PilotTargets NAMESPACE Pilot:: DESTINATION ${PILOT_CMAKE_DIR})
configure_package_config_file(
  ${PILOT_SOURCE_DIR}/cmake/PilotConfig.cmake.in
  ${PILOT_BINARY_DIR}/cmake/PilotConfig.cmake
  INSTALL_DESTINATION ${PILOT_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(
  ${PILOT_BINARY_DIR}/cmake/PilotConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PILOT_BINARY_DIR}/cmake/PilotConfig.cmake
  ${PILOT_BINARY_DIR}/cmake/PilotConfigVersion.cmake
  DESTINATION ${PILOT_CMAKE_DIR})
