// Mapping libosmium's exceptions to assetmap::input_error, shared by the OSM readers.
#include "osm_reader_detail.hpp"

#include <assetmap/core/error.hpp>

#include <osmium/handler/check_order.hpp>
#include <osmium/io/bzip2_compression.hpp>
#include <osmium/io/detail/pbf.hpp>
#include <osmium/io/detail/protobuf_tags.hpp>
#include <osmium/io/detail/xml_input_format.hpp>
#include <osmium/io/error.hpp>
#include <osmium/io/gzip_compression.hpp>

#include <protozero/exception.hpp>
#include <protozero/pbf_message.hpp>

#include <cstdint>
#include <exception>
#include <fstream>
#include <new>
#include <string>
#include <system_error>

namespace assetmap::io::detail {

void rethrow_as_input_error(const std::string& path) {
    try {
        throw;
    } catch (const assetmap::error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const osmium::unsupported_file_format_error& e) {
        throw input_error(path, std::string("unsupported OSM file format (") + e.what() +
                                    "); use .osm.pbf, .osm, .osm.gz or .osm.bz2");
    } catch (const osmium::pbf_error& e) {
        throw input_error(path, std::string("truncated or malformed OSM PBF data (") + e.what() +
                                    "); re-download or re-extract the file");
    } catch (const osmium::xml_error& e) {
        throw input_error(path, std::string("truncated or malformed OSM XML (") + e.what() +
                                    "); check that the file is complete OSM XML 0.6");
    } catch (const osmium::format_version_error& e) {
        throw input_error(path, std::string("unsupported OSM XML version (") + e.what() +
                                    "); export the data as OSM XML 0.6 or .osm.pbf");
    } catch (const osmium::gzip_error& e) {
        throw input_error(path, std::string("cannot decompress (") + e.what() +
                                    "); the compressed file is truncated or corrupt, "
                                    "re-download it");
    } catch (const osmium::bzip2_error& e) {
        throw input_error(path, std::string("cannot decompress (") + e.what() +
                                    "); the compressed file is truncated or corrupt, "
                                    "re-download it");
    } catch (const osmium::out_of_order_error& e) {
        throw input_error(path, std::string("objects are not sorted by type and id (") +
                                    e.what() + "); sort the file with 'osmium sort'");
    } catch (const osmium::io_error& e) {
        throw input_error(path, std::string("cannot read the OSM file (") + e.what() +
                                    "); give a complete .osm.pbf, .osm, .osm.gz or .osm.bz2 "
                                    "file");
    } catch (const std::system_error& e) {
        throw input_error(path, std::string("cannot read the file (") + e.what() +
                                    "); check that it exists and is readable");
    } catch (const std::exception& e) {
        throw input_error(path, std::string("reading OSM data failed (") + e.what() +
                                    "); check that it is a complete .osm.pbf or .osm file");
    }
}

void check_pbf_blob_headers(const std::string& path) {
    namespace ff = osmium::io::detail::FileFormat;
    std::ifstream in(path, std::ios::binary);
    for (std::size_t blob = 1; in; ++blob) {
        unsigned char len[4];
        in.read(reinterpret_cast<char*>(len), 4);
        if (in.gcount() < 4) return;  // the end, or a truncation libosmium reports
        const std::uint32_t size = (std::uint32_t(len[0]) << 24) | (std::uint32_t(len[1]) << 16) |
                                   (std::uint32_t(len[2]) << 8) | std::uint32_t(len[3]);
        if (size > osmium::io::detail::max_blob_header_size) return;  // libosmium says so
        std::string header(size, '\0');
        in.read(header.data(), size);
        if (static_cast<std::uint32_t>(in.gcount()) < size) return;
        bool has_type = false;
        std::int64_t datasize = 0;
        try {
            protozero::pbf_message<ff::BlobHeader> message{header};
            while (message.next()) {
                if (message.tag() == ff::BlobHeader::required_string_type &&
                    message.wire_type() == protozero::pbf_wire_type::length_delimited) {
                    message.get_view();
                    has_type = true;
                } else if (message.tag() == ff::BlobHeader::required_int32_datasize &&
                           message.wire_type() == protozero::pbf_wire_type::varint) {
                    datasize = message.get_int32();
                } else {
                    message.skip();
                }
            }
        } catch (const protozero::exception&) {
            return;  // malformed: libosmium reports it
        }
        if (!has_type)
            throw input_error(path, "malformed OSM PBF data (blob " + std::to_string(blob) +
                                        " has no type); re-download or re-extract the file");
        if (datasize <= 0) return;
        in.seekg(datasize, std::ios::cur);
    }
}

}  // namespace assetmap::io::detail
