#include <assetmap/io/output_paths.hpp>

#include <assetmap/core/error.hpp>

#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace assetmap::io {

namespace {

/// The real file behind a path: itself, or the archive behind /vsizip/, /vsigzip/,
/// /vsitar/ (…/data.zip/stops.txt → …/data.zip); empty for other virtual paths.
std::string real_file(const std::string& path) {
    if (path.rfind("/vsi", 0) != 0) return path;
    for (const char* prefix : {"/vsizip/", "/vsigzip/", "/vsitar/"}) {
        const std::string p(prefix);
        if (path.rfind(p, 0) != 0) continue;
        std::string rest = path.substr(p.size());
        if (rest.rfind("/vsi", 0) == 0) return {};  // nested virtual file systems
        if (!rest.empty() && rest.front() != '/') rest = "/" + rest;  // /vsizip/{…} forms
        for (const char* ext : {".zip/", ".ZIP/", ".tar/", ".tgz/", ".tar.gz/"}) {
            const auto at = rest.find(ext);
            if (at != std::string::npos) return rest.substr(0, at + std::string(ext).size() - 1);
        }
        return rest;
    }
    return {};
}

void add(std::vector<InputFile>& out, const std::string& path, const std::string& role) {
    const std::string file = real_file(path);
    if (file.empty()) return;
    out.push_back({file, role});
    const fs::path p(file);
    std::string ext = p.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".shp")
        for (const char* side : {".shx", ".dbf", ".prj", ".cpg"})
            out.push_back({fs::path(p).replace_extension(side).string(), role});
}

bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec1, ec2;
    const fs::path ca = fs::weakly_canonical(fs::absolute(a), ec1);
    const fs::path cb = fs::weakly_canonical(fs::absolute(b), ec2);
    if (!ec1 && !ec2 && ca == cb) return true;
    struct stat sa {}, sb {};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

}  // namespace

std::vector<InputFile> study_inputs(const Study& study) {
    std::vector<InputFile> out;
    add(out, study.file, "the study file");
    add(out, study.taxonomy_path, "the study's taxonomy");
    add(out, study.areas.path, "[areas] path of the study");
    if (!study.areas.population_csv.empty())
        add(out, study.areas.population_csv, "[areas.population_csv] path of the study");
    if (study.population_points)
        add(out, study.population_points->path, "[population_points] path of the study");
    for (const auto& a : study.assets)
        add(out, a.path, "[[assets]] '" + a.name + "' path of the study");
    if (study.network) add(out, study.network->path, "[network] path of the study");
    return out;
}

void check_not_an_input(const std::string& output, const std::vector<InputFile>& inputs) {
    if (output.empty() || output.rfind("PG:", 0) == 0 || output.rfind("/vsi", 0) == 0) return;
    for (const auto& in : inputs)
        if (same_file(output, in.path))
            throw io_error(output + ": would write over the input " + in.path +
                           (in.role.empty() ? "" : " (" + in.role + ")") +
                           "; choose another output path");
}

std::string output_in_folder(const std::string& folder, const std::string& file_name) {
    if (file_name.empty() || file_name == "." || file_name == ".." ||
        file_name.find('/') != std::string::npos || file_name.find('\\') != std::string::npos ||
        file_name.find('\0') != std::string::npos)
        throw io_error(folder + ": the output name '" + file_name +
                       "' is not a plain file name; outputs stay inside the output folder");
    // A plain name cannot leave the folder: no separator, no "." or "..".
    return (fs::path(folder) / file_name).string();
}

}  // namespace assetmap::io
