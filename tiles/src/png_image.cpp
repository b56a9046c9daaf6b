#include <assetmap/tiles/png_image.hpp>

#include <assetmap/core/error.hpp>

#include <mapnik/image.hpp>
#include <mapnik/image_any.hpp>
#include <mapnik/image_reader.hpp>
#include <mapnik/image_util.hpp>

#include <cstring>
#include <memory>

namespace assetmap::tiles {

RgbaImage decode_png(const std::string& bytes) {
    std::unique_ptr<mapnik::image_reader> reader;
    try {
        reader.reset(mapnik::get_image_reader(bytes.data(), bytes.size()));
    } catch (const std::exception& e) {
        throw render_error(std::string("not a readable PNG: ") + e.what());
    }
    if (!reader) throw render_error("not a readable PNG (unknown image format)");
    RgbaImage out;
    try {
        out.width = reader->width();
        out.height = reader->height();
        mapnik::image_rgba8 image(out.width, out.height);
        reader->read(0, 0, image);
        if (image.get_premultiplied()) mapnik::demultiply_alpha(image);
        out.rgba.resize(std::size_t(out.width) * out.height * 4);
        for (unsigned y = 0; y < out.height; ++y) {
            std::memcpy(&out.rgba[std::size_t(y) * out.width * 4], image.get_row(y),
                        std::size_t(out.width) * 4);
        }
    } catch (const std::exception& e) {
        throw render_error(std::string("decoding PNG: ") + e.what());
    }
    return out;
}

std::string encode_png32(const RgbaImage& in) {
    if (in.rgba.size() != std::size_t(in.width) * in.height * 4 || in.width == 0) {
        throw render_error("encode_png32: pixel buffer does not match the image size");
    }
    mapnik::image_rgba8 image(in.width, in.height);
    for (unsigned y = 0; y < in.height; ++y) {
        std::memcpy(image.get_row(y), &in.rgba[std::size_t(y) * in.width * 4],
                    std::size_t(in.width) * 4);
    }
    return mapnik::save_to_string(image, "png32");
}

}  // namespace assetmap::tiles
