# Fails when a source file includes from a layer above its own, or when leasedesk-server
# loads Qt Widgets. Run through ctest (test "layering").
set(failures "")

function(check_includes folder pattern why)
    file(GLOB_RECURSE files ${SOURCE_DIR}/${folder}/*.h ${SOURCE_DIR}/${folder}/*.cpp)
    foreach(f ${files})
        file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include")
        foreach(line ${lines})
            if(line MATCHES "${pattern}")
                string(REPLACE "${SOURCE_DIR}/" "" rel ${f})
                set(failures "${failures}\n  ${rel}: ${line} (${why})" PARENT_SCOPE)
            endif()
        endforeach()
    endforeach()
endfunction()

check_includes(backend/proto "[<\"]Q|[<\"](core|net|engine|widgets)/" "the codec is standard C++ only")
check_includes(backend/core "[<\"](net|engine|widgets)/|QWidget|QtWidgets" "core returns decisions; it knows no sockets, engine or widgets")
check_includes(backend/net "[<\"](engine|widgets)/|QWidget|QtWidgets" "net knows no engine or widgets")
check_includes(backend/engine "[<\"]widgets/|QWidget|QtWidgets" "the engine knows no widgets")

execute_process(COMMAND ldd ${SERVER_BINARY} OUTPUT_VARIABLE libs RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    set(failures "${failures}\n  ldd failed on ${SERVER_BINARY}")
elseif(libs MATCHES "Qt6Widgets|Qt6Gui")
    set(failures "${failures}\n  leasedesk-server loads Qt Widgets or Qt Gui")
endif()

if(failures)
    message(FATAL_ERROR "Layering violated:${failures}")
endif()
message(STATUS "layering: all dependencies point down")
