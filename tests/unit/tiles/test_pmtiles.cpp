// PMTiles v3 against the specification (github.com/protomaps/PMTiles, spec/v3/spec.md) and
// the reference implementations' own test values:
//  - zxy_to_tileid / tileid_to_zxy: python/test/test_tile.py (protomaps/PMTiles) and
//    pmtiles/tile_id_test.go (protomaps/go-pmtiles): 0/0/0 → 0, 1/0/0 → 1, 1/0/1 → 2,
//    1/1/1 → 3, 1/1/0 → 4, 2/0/0 → 5, and 19078479 → 12/3423/1763.
//  - varints: the same Python test, bytes 00 01 7f e5 8e 26 ↔ 0, 1, 127, 624485.
//  - directory and header byte layouts: worked by hand from the spec's tables below; the
//    little-endian int32 bytes of the coordinates from Python's struct.pack('<i', v).
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/pmtiles.hpp>
#include <assetmap/tiles/tile_store.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "store_test_support.hpp"

using namespace assetmap;
using namespace assetmap::tiles;
using namespace assetmap::tiles::pmtiles;
using namespace store_test;

namespace {

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::uint64_t le_u64(const std::string& d, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(d[at + i]);
    return v;
}

}  // namespace

TEST_CASE("Hilbert tile ids match the reference implementations", "[tiles][pmtiles]") {
    CHECK(zxy_to_tileid({0, 0, 0}) == 0);
    CHECK(zxy_to_tileid({1, 0, 0}) == 1);
    CHECK(zxy_to_tileid({1, 0, 1}) == 2);
    CHECK(zxy_to_tileid({1, 1, 1}) == 3);
    CHECK(zxy_to_tileid({1, 1, 0}) == 4);
    CHECK(zxy_to_tileid({2, 0, 0}) == 5);
    CHECK(tileid_to_zxy(19078479) == TileId{12, 3423, 1763});
    CHECK(zxy_to_tileid({12, 3423, 1763}) == 19078479);
    // Every tile of z0..8 round-trips and ids are dense: z has ids (4^z−1)/3 … (4^(z+1)−1)/3−1.
    for (unsigned z = 0; z <= 8; ++z) {
        const std::uint64_t first = ((std::uint64_t(1) << (2 * z)) - 1) / 3;
        std::set<std::uint64_t> ids;
        for (std::uint32_t x = 0; x < (1u << z); ++x)
            for (std::uint32_t y = 0; y < (1u << z); ++y) {
                const TileId t{std::uint8_t(z), x, y};
                const std::uint64_t id = zxy_to_tileid(t);
                ids.insert(id);
                if (!(tileid_to_zxy(id) == t)) FAIL("round trip " << z << "/" << x << "/" << y);
            }
        CHECK(*ids.begin() == first);
        CHECK(*ids.rbegin() == first + (std::uint64_t(1) << (2 * z)) - 1);
        CHECK(ids.size() == (std::size_t(1) << (2 * z)));
    }
    // Extremes up to z31, as go-pmtiles TestExtremes.
    for (unsigned z = 0; z < 32; ++z) {
        const std::uint32_t d = std::uint32_t((std::uint64_t(1) << z) - 1);
        for (const TileId t : {TileId{std::uint8_t(z), 0, 0}, TileId{std::uint8_t(z), d, 0},
                               TileId{std::uint8_t(z), 0, d}, TileId{std::uint8_t(z), d, d}})
            CHECK(tileid_to_zxy(zxy_to_tileid(t)) == t);
    }
    CHECK_THROWS_AS(zxy_to_tileid({2, 4, 0}), io_error);
}

TEST_CASE("varints as in the reference test", "[tiles][pmtiles]") {
    std::string out;
    for (const std::uint64_t v : {0ull, 1ull, 127ull, 624485ull}) write_varint(out, v);
    CHECK(hex(out) == "00017fe58e26");
    std::size_t pos = 0;
    CHECK(read_varint(out, pos) == 0);
    CHECK(read_varint(out, pos) == 1);
    CHECK(read_varint(out, pos) == 127);
    CHECK(read_varint(out, pos) == 624485);
    CHECK(pos == out.size());
    CHECK_THROWS_AS(read_varint(out, pos), io_error);  // at the end
    std::string max;
    write_varint(max, ~std::uint64_t(0));
    CHECK(max.size() == 10);
    pos = 0;
    CHECK(read_varint(max, pos) == ~std::uint64_t(0));
    pos = 0;
    CHECK_THROWS_AS(read_varint(std::string(11, '\xff') + '\x01', pos), io_error);
}

TEST_CASE("directory serialisation: columns, deltas and the contiguous-offset rule",
          "[tiles][pmtiles]") {
    // The reference round-trip entries (python/test/test_tile.py TestDirectory).
    const std::vector<Entry> ref = {{0, 0, 0, 0}, {1, 1, 1, 1}, {2, 2, 2, 2}};
    CHECK(deserialize_directory(serialize_directory(ref)) == ref);

    // By hand: count 3; tile-id deltas 5, 1, 3; run lengths 1, 2, 1; lengths 10, 20, 10;
    // offsets 0 → 0+1 = 1, 10 = 0+10 → 0 (contiguous), 0 ≠ 10+20 → 0+1 = 1.
    const std::vector<Entry> e = {{5, 0, 10, 1}, {6, 10, 20, 2}, {9, 0, 10, 1}};
    const std::string bytes = serialize_directory(e);
    CHECK(hex(bytes) ==
          "03"
          "050103"
          "010201"
          "0a140a"
          "010001");
    CHECK(deserialize_directory(bytes) == e);

    CHECK_THROWS_AS(deserialize_directory(bytes.substr(0, 8)), io_error);          // truncated
    CHECK_THROWS_AS(deserialize_directory(bytes + "\x01"), io_error);              // trailing bytes
    CHECK_THROWS_AS(deserialize_directory(std::string("\x7f\x00", 2)), io_error);  // count
}

TEST_CASE("header bytes sit at the spec's offsets", "[tiles][pmtiles]") {
    Header h;
    h.root_offset = 127;
    h.root_length = 0x0102030405060708ull;
    h.metadata_offset = 3;
    h.metadata_length = 4;
    h.leaf_offset = 5;
    h.leaf_length = 6;
    h.data_offset = 7;
    h.data_length = 8;
    h.addressed_tiles = 9;
    h.tile_entries = 10;
    h.tile_contents = 11;
    h.clustered = true;
    h.internal_compression = Compression::gzip;
    h.tile_compression = Compression::brotli;
    h.tile_type = TileType::mvt;
    h.min_zoom = 1;
    h.max_zoom = 2;
    h.min_lon_e7 = -31640625;
    h.min_lat_e7 = 511793430;
    h.max_lon_e7 = -24609375;
    h.max_lat_e7 = 516180165;
    h.center_zoom = 3;
    h.center_lon_e7 = -28125000;
    h.center_lat_e7 = 513986798;
    const std::string b = serialize_header(h);
    REQUIRE(b.size() == 127);
    CHECK(b.substr(0, 7) == "PMTiles");                 // offset 0, magic
    CHECK(int(b[7]) == 3);                              // 7: version
    CHECK(hex(b.substr(8, 8)) == "7f00000000000000");   // 8: root offset, little-endian
    CHECK(hex(b.substr(16, 8)) == "0807060504030201");  // 16: root length
    CHECK(le_u64(b, 24) == 3);                          // metadata offset
    CHECK(le_u64(b, 32) == 4);                          // metadata length
    CHECK(le_u64(b, 40) == 5);                          // leaf offset
    CHECK(le_u64(b, 48) == 6);                          // leaf length
    CHECK(le_u64(b, 56) == 7);                          // data offset
    CHECK(le_u64(b, 64) == 8);                          // data length
    CHECK(le_u64(b, 72) == 9);                          // addressed tiles
    CHECK(le_u64(b, 80) == 10);                         // tile entries
    CHECK(le_u64(b, 88) == 11);                         // tile contents
    CHECK(hex(b.substr(96, 6)) == "010203010102");      // clustered, internal, tile comp., type, z
    CHECK(hex(b.substr(102, 4)) == "cf331dfe");         // min lon e7 −31640625
    CHECK(hex(b.substr(106, 4)) == "1659811e");         // min lat e7 511793430
    CHECK(hex(b.substr(110, 4)) == "a17d88fe");         // max lon e7 −24609375
    CHECK(hex(b.substr(114, 4)) == "c548c41e");         // max lat e7 516180165
    CHECK(int(b[118]) == 3);                            // center zoom
    CHECK(hex(b.substr(119, 4)) == "b8d852fe");         // center lon e7 −28125000
    CHECK(hex(b.substr(123, 4)) == "eed0a21e");         // center lat e7 513986798

    const Header back = deserialize_header(b);
    CHECK(back.root_length == h.root_length);
    CHECK(back.tile_compression == Compression::brotli);
    CHECK(back.min_lon_e7 == h.min_lon_e7);
    CHECK(back.center_lat_e7 == h.center_lat_e7);

    std::string v2 = b;
    v2[7] = 2;
    CHECK_THROWS_WITH(deserialize_header(v2), Catch::Contains("version 2"));
    CHECK_THROWS_AS(deserialize_header(b.substr(0, 100)), io_error);
}

TEST_CASE("a small archive: run lengths, shared offsets, header counts, metadata",
          "[tiles][pmtiles]") {
    TempDir tmp;
    const fs::path out = tmp / "small.pmtiles";
    {
        auto w = open_tile_writer(out, TileFormat::png);
        // Tile ids 0..4 (see the Hilbert test): A, B, B, C, A.
        w->put({1, 1, 0}, "A");  // id 4, same bytes as id 0 → offset 0
        w->put({1, 1, 1}, "C");  // id 3
        w->put({0, 0, 0}, "A");  // id 0
        w->put({1, 0, 1}, "B");  // id 2, same as id 1 and consecutive → run length 2
        w->put({1, 0, 0}, "B");  // id 1
        TilesetMetadata m;
        m.name = "Newport test";
        m.description = "Colour squares";
        m.attribution = "© OpenStreetMap contributors";
        m.version = "2.0.1";
        m.min_zoom = 0;
        m.max_zoom = 1;
        m.bounds = BoxLonLat{-3.1640625, 51.1793430, -2.4609375, 51.6180165};
        m.center = TileCenter{-2.8125, 51.3986798, 0};
        w->finish(m);
    }
    const std::string f = file_bytes(out);
    const Header h = deserialize_header(f);
    CHECK(h.root_offset == 127);
    CHECK(h.metadata_offset == 127 + h.root_length);
    CHECK(h.leaf_offset == h.metadata_offset + h.metadata_length);
    CHECK(h.leaf_length == 0);
    CHECK(h.data_offset == h.leaf_offset);
    CHECK(h.data_length == 3);
    CHECK(h.data_offset + h.data_length == f.size());
    CHECK(f.substr(f.size() - 3) == "ABC");  // contents once each, in tile-id order
    CHECK(h.addressed_tiles == 5);
    CHECK(h.tile_entries == 4);
    CHECK(h.tile_contents == 3);
    CHECK(h.clustered);
    CHECK(h.internal_compression == Compression::gzip);
    CHECK(h.tile_compression == Compression::none);
    CHECK(h.tile_type == TileType::png);
    CHECK(int(h.min_zoom) == 0);
    CHECK(int(h.max_zoom) == 1);
    CHECK(h.min_lon_e7 == -31640625);
    CHECK(h.max_lat_e7 == 516180165);
    CHECK(h.center_lon_e7 == -28125000);
    CHECK(h.center_lat_e7 == 513986798);

    // Root: count 4; deltas 0,1,2,1; runs 1,2,1,1; lengths 1,1,1,1; offsets 0→1, 1→0
    // (contiguous), 2→0 (contiguous), 0→1 (refers back).
    const std::string root = gunzip(f.substr(127, std::size_t(h.root_length)));
    CHECK(hex(root) ==
          "04"
          "00010201"
          "01020101"
          "01010101"
          "01000001");
    const std::vector<Entry> expected = {{0, 0, 1, 1}, {1, 1, 1, 2}, {3, 2, 1, 1}, {4, 0, 1, 1}};
    CHECK(deserialize_directory(root) == expected);

    const std::string meta =
        gunzip(f.substr(std::size_t(h.metadata_offset), std::size_t(h.metadata_length)));
    CHECK(meta ==
          R"({"name":"Newport test","description":"Colour squares",)"
          R"("attribution":"© OpenStreetMap contributors","type":"overlay","version":"2.0.1",)"
          R"("format":"png"})");

    const auto r = open_tile_reader(out);
    CHECK(r->get({1, 1, 0}) == std::string("A"));
    CHECK(r->get({1, 0, 1}) == std::string("B"));
    CHECK(r->get({1, 0, 0}) == std::string("B"));
    CHECK(r->tile_ids().size() == 5);

    // Without de-duplication: five entries, five contents.
    auto w = open_tile_writer(tmp / "plain.pmtiles", TileFormat::png, TileStoreOptions{false});
    for (const auto& [t, b] : std::vector<std::pair<TileId, std::string>>{{{0, 0, 0}, "A"},
                                                                          {{1, 0, 0}, "B"},
                                                                          {{1, 0, 1}, "B"},
                                                                          {{1, 1, 1}, "C"},
                                                                          {{1, 1, 0}, "A"}})
        w->put(t, b);
    TilesetMetadata m;
    m.max_zoom = 1;
    w->finish(m);
    const Header hp = deserialize_header(file_bytes(tmp / "plain.pmtiles"));
    CHECK(hp.tile_entries == 5);
    CHECK(hp.tile_contents == 5);
    CHECK(hp.data_length == 5);
}

TEST_CASE("vector archives: tile type mvt, gzip tile compression, vector_layers",
          "[tiles][pmtiles]") {
    TempDir tmp;
    TilesetMetadata m;
    m.name = "v";
    m.format = TileFormat::pbf;
    m.tile_compression = TileCompression::gzip;
    m.min_zoom = m.max_zoom = 10;
    m.vector_layers_json = R"([{"id":"assets","fields":{"name":"String"}}])";
    auto w = open_tile_writer(tmp / "v.pmtiles", TileFormat::pbf);
    w->put({10, 503, 340}, gzip(make_point_mvt("assets", "name", "Library", 2048, 2048)));
    w->finish(m);
    const std::string f = file_bytes(tmp / "v.pmtiles");
    const Header h = deserialize_header(f);
    CHECK(h.tile_type == TileType::mvt);
    CHECK(h.tile_compression == Compression::gzip);
    const std::string meta =
        gunzip(f.substr(std::size_t(h.metadata_offset), std::size_t(h.metadata_length)));
    CHECK(meta.find(R"("vector_layers":[{"id":"assets","fields":{"name":"String"}}])") !=
          std::string::npos);
}

TEST_CASE("directory layout: leaves when the root would pass its limit", "[tiles][pmtiles]") {
    // As go-pmtiles TestOptimizeDirectories: one entry fits; 1000 entries of random sizes
    // with a 1,024-byte limit need leaves.
    CHECK(build_directories({{0, 0, 100, 1}}, 100).leaf_count == 0);
    std::mt19937 rng(3857);
    std::vector<Entry> entries;
    std::uint64_t offset = 0;
    for (std::uint64_t i = 0; i < 1000; ++i) {
        const auto len = std::uint32_t(rng() % 1000000 + 1);
        entries.push_back({i, offset, len, 1});
        offset += len;
    }
    const Directories d = build_directories(entries, 1024);
    CHECK(d.root.size() <= 1024);
    CHECK(d.leaf_count > 0);
    CHECK_FALSE(d.leaves.empty());
    // The root points at the leaves: run length 0, offsets into the leaf section.
    const auto root = deserialize_directory(gunzip(d.root));
    REQUIRE(root.size() == d.leaf_count);
    CHECK(root.front().tile_id == 0);
    CHECK(root.front().offset == 0);
    for (const Entry& e : root) CHECK(e.run_length == 0);
    std::vector<Entry> all;
    for (const Entry& e : root) {
        const auto leaf =
            deserialize_directory(gunzip(d.leaves.substr(std::size_t(e.offset), e.length)));
        CHECK(leaf.front().tile_id == e.tile_id);
        all.insert(all.end(), leaf.begin(), leaf.end());
    }
    CHECK(all == entries);
}

TEST_CASE("a large archive (> 16 KiB root) is written with leaf directories and read back",
          "[tiles][pmtiles]") {
    TempDir tmp;
    const fs::path out = tmp / "large.pmtiles";
    // 30,000 distinct z14 tiles at random places with random small contents: entries with
    // gaps and varied lengths compress poorly, so a single root would exceed 16,384 bytes.
    std::mt19937 rng(27700);
    std::map<TileId, std::string> tiles;
    while (tiles.size() < 30000) {
        const TileId t{14, std::uint32_t(rng() % 16384), std::uint32_t(rng() % 16384)};
        std::string bytes(rng() % 24 + 1, '\0');
        for (char& c : bytes) c = char(rng() & 0xFF);
        tiles[t] = bytes;
    }
    TilesetMetadata m;
    m.min_zoom = m.max_zoom = 14;
    {
        auto w = open_tile_writer(out, TileFormat::png);
        for (const auto& [t, b] : tiles) w->put(t, b);
        w->finish(m);
    }
    const std::string f = file_bytes(out);
    const Header h = deserialize_header(f);
    CHECK(h.leaf_length > 0);
    CHECK(127 + h.root_length < 16384);
    CHECK(h.addressed_tiles == 30000);
    // The same entries in one directory would not fit.
    const auto root = deserialize_directory(gunzip(f.substr(127, std::size_t(h.root_length))));
    CHECK(root.size() > 1);
    for (const Entry& e : root) CHECK(e.run_length == 0);

    const auto r = open_tile_reader(out);
    std::vector<TileId> expected;
    for (const auto& kv : tiles) expected.push_back(kv.first);
    CHECK(r->tile_ids() == expected);
    std::size_t mismatches = 0;
    for (const auto& [t, b] : tiles)
        if (r->get(t) != b) ++mismatches;
    CHECK(mismatches == 0);
    for (const TileId t : {TileId{14, 0, 0}, TileId{14, 16383, 16383}, TileId{13, 5, 5}})
        if (tiles.count(t) == 0) CHECK_FALSE(r->get(t));

    // Determinism: the same tiles put in another order give the same bytes.
    std::vector<std::pair<TileId, std::string>> shuffled(tiles.begin(), tiles.end());
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    {
        auto w = open_tile_writer(tmp / "again.pmtiles", TileFormat::png);
        for (const auto& [t, b] : shuffled) w->put(t, b);
        w->finish(m);
    }
    CHECK(file_bytes(tmp / "again.pmtiles") == f);
}

TEST_CASE("damaged archives fail with io_error, never with a crash or another error",
          "[tiles][pmtiles][errors]") {
    // A small fuzz: flip bytes of a valid archive (header, directories, metadata, data) and
    // read everything back; each read either succeeds or throws io_error.
    TempDir tmp;
    const fs::path good = tmp / "good.pmtiles";
    {
        auto w = open_tile_writer(good, TileFormat::pbf);
        for (std::uint32_t x = 0; x < 8; ++x)
            for (std::uint32_t y = 0; y < 8; ++y) w->put({3, x, y}, "t" + std::to_string(x % 3));
        TilesetMetadata m;
        m.format = TileFormat::pbf;
        m.max_zoom = 3;
        m.vector_layers_json = R"([{"id":"a","fields":{}}])";
        w->finish(m);
    }
    const std::string original = file_bytes(good);
    std::mt19937 rng(4326);
    int rejected = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string bytes = original;
        const int flips = 1 + int(rng() % 3);
        for (int k = 0; k < flips; ++k) bytes[rng() % bytes.size()] = char(rng() & 0xFF);
        if (i % 10 == 0) bytes.resize(rng() % bytes.size());
        const fs::path bad = tmp / "bad.pmtiles";
        write_bytes(bad, bytes);
        try {
            const auto r = open_tile_reader(bad);
            for (const TileId& t : r->tile_ids()) (void)r->get(t);
            (void)r->get({3, 7, 7});
            (void)r->metadata();
        } catch (const io_error&) {
            ++rejected;
        }
    }
    CHECK(rejected > 0);
}
