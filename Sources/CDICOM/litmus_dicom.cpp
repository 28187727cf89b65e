// The few GDCM calls Litmus needs, behind a C interface, in a child process. GDCM reports problems by
// return value, by exceptions, by printing, and — Debian builds it with assertions on — by abort(): a
// malformed file must not take Litmus down with it, so a forked child does all the GDCM work, writes
// what it found into a pipe and leaves with _exit. The child runs only this file's C++ (no Swift).
#include "litmus_dicom.h"

#include <gdcm-3.0/gdcmImageReader.h>
#include <gdcm-3.0/gdcmStringFilter.h>
#include <gdcm-3.0/gdcmTrace.h>
#include <gdcm-3.0/gdcmUIDs.h>
#include <gdcm-3.0/gdcmVersion.h>

#include <csignal>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// (sequence group, sequence element, item, group, element); item 0 at the top level.
using Key = std::tuple<uint16_t, uint16_t, uint32_t, uint16_t, uint16_t>;

// A LUT has at most 65536 two-byte entries; nothing Litmus reads from a header is longer.
constexpr size_t max_value_bytes = 1 << 20;

void write_message(char *error, size_t size, const std::string &text) {
    if (error == nullptr || size == 0) return;
    std::snprintf(error, size, "%s", text.c_str());
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
    return text;
}

// An istream over bytes already in memory (std::istringstream would copy them twice).
struct MemoryBuffer : std::streambuf {
    MemoryBuffer(const uint8_t *bytes, size_t count) {
        char *begin = const_cast<char *>(reinterpret_cast<const char *>(bytes));
        setg(begin, begin, begin + count);
    }
    pos_type seekoff(off_type offset, std::ios_base::seekdir direction, std::ios_base::openmode) override {
        char *target = direction == std::ios_base::beg ? eback() + offset : direction == std::ios_base::cur ? gptr() + offset : egptr() + offset;
        if (target < eback() || target > egptr()) return pos_type(off_type(-1));
        setg(eback(), target, egptr());
        return pos_type(target - eback());
    }
    pos_type seekpos(pos_type position, std::ios_base::openmode mode) override {
        return seekoff(off_type(position), std::ios_base::beg, mode);
    }
};

// The report the child sends: a flat byte string of fixed-size fields and length-prefixed values.
struct Writer {
    std::string out;
    template <typename T> void put(const T &value) { out.append(reinterpret_cast<const char *>(&value), sizeof value); }
    void put_text(const std::string &text) {
        put(static_cast<uint64_t>(text.size()));
        out += text;
    }
};

struct ReadBack {
    const std::string &in;
    size_t at = 0;
    bool ok = true;
    template <typename T> T get() {
        T value{};
        if (at + sizeof value > in.size()) { ok = false; return value; }
        std::memcpy(&value, in.data() + at, sizeof value);
        at += sizeof value;
        return value;
    }
    std::string get_text(uint64_t limit) {
        const uint64_t n = get<uint64_t>();
        if (!ok || n > limit || at + n > in.size()) { ok = false; return {}; }
        std::string text = in.substr(at, n);
        at += n;
        return text;
    }
};

}  // namespace

struct litmus_dicom {
    litmus_dicom_geometry geometry{};
    long long native_vl = -1;
    uint64_t buffer_length = 0;
    std::map<Key, std::string> strings;
    std::map<Key, std::string> bytes;
    std::map<std::pair<uint16_t, uint16_t>, long> items;
    int decode_status = -1;
    std::string decode_message;
    std::string buffer;  // the child's whole report; the frames start at buffer_offset
    size_t buffer_offset = 0;
};

namespace {

// Everything the child finds, in the order ReadBack takes it.
bool write_all(int fd, const std::string &data);

// The child's address space now, from /proc/self/statm (read without allocating).
uint64_t mapped_bytes() {
    const int fd = ::open("/proc/self/statm", O_RDONLY);
    if (fd < 0) return 0;
    char text[64] = {0};
    const ssize_t n = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    return n > 0 ? std::strtoull(text, nullptr, 10) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE)) : 0;
}

// A header may declare element lengths of up to 4 GiB that GDCM allocates (and zero-fills) before
// reading: the child may map only `budget` bytes more than it has, so such a length fails at once
// (std::bad_alloc) instead of taking gigabytes and seconds. Only the soft limit is lowered, so it can be
// raised again for decoding once the header's sizes are known and checked.
void limit_memory(uint64_t budget) {
    struct rlimit limit;
    if (::getrlimit(RLIMIT_AS, &limit) != 0) return;
    const uint64_t now = mapped_bytes();
    if (now == 0) return;
    uint64_t wanted = now + budget;
    if (limit.rlim_max != RLIM_INFINITY && wanted > limit.rlim_max) wanted = limit.rlim_max;
    limit.rlim_cur = wanted;
    ::setrlimit(RLIMIT_AS, &limit);
}

// The header part (status, geometry, attributes, Pixel Data's length) is written to `fd` before any
// pixel is decoded: if a codec then crashes, the parent still knows what the header declared.
void collect(const uint8_t *bytes, size_t count, const litmus_dicom_attribute *attributes, size_t attribute_count,
             litmus_dicom_limits limits, Writer &w, int fd) {
    gdcm::Trace::DebugOff();
    gdcm::Trace::WarningOff();
    gdcm::Trace::ErrorOff();
    // Parsing needs the bytes a few times over (the data set's values, codecs' copies).
    limit_memory(8 * static_cast<uint64_t>(count) + (256u << 20));
    MemoryBuffer memory(bytes, count);
    std::istream stream(&memory);
    gdcm::ImageReader reader;
    reader.SetStream(stream);
    if (!reader.Read()) {
        w.put(int32_t(-1));
        w.put_text("GDCM cannot read an image from it (truncated, malformed, or a DICOM object without pixels)");
        return;
    }
    const gdcm::Image &image = reader.GetImage();
    const gdcm::PixelFormat &format = image.GetPixelFormat();
    litmus_dicom_geometry g{};
    if (image.GetNumberOfDimensions() < 2) {
        w.put(int32_t(-1));
        w.put_text("it has no image dimensions (Rows, Columns)");
        return;
    }
    g.columns = image.GetDimension(0);
    g.rows = image.GetDimension(1);
    g.frames = image.GetNumberOfDimensions() >= 3 ? image.GetDimension(2) : 1;
    g.samples_per_pixel = format.GetSamplesPerPixel();
    g.bits_allocated = format.GetBitsAllocated();
    g.bits_stored = format.GetBitsStored();
    g.high_bit = format.GetHighBit();
    g.pixel_representation = format.GetPixelRepresentation();
    g.planar_configuration = static_cast<uint16_t>(image.GetPlanarConfiguration());
    const char *photometric = image.GetPhotometricInterpretation().GetString();
    std::snprintf(g.photometric, sizeof g.photometric, "%s", trimmed(photometric ? photometric : "").c_str());
    const gdcm::TransferSyntax &syntax = image.GetTransferSyntax();
    const char *uid = syntax.GetString();
    gdcm::UIDs names;
    const char *name = uid != nullptr && names.SetFromUID(uid) ? names.GetName() : uid;
    std::snprintf(g.transfer_syntax, sizeof g.transfer_syntax, "%s", name ? name : "unknown");
    g.big_endian = syntax.GetSwapCode() == gdcm::SwapCode::BigEndian ? 1 : 0;
    g.deflated = syntax.IsEncoded() ? 1 : 0;
    w.put(int32_t(0));
    w.put(g);

    // Attributes: top level, and in each item of the sequences asked for.
    const gdcm::DataSet &top = reader.GetFile().GetDataSet();
    gdcm::StringFilter filter;
    filter.SetFile(reader.GetFile());
    Writer values;
    uint32_t value_count = 0;
    std::map<std::pair<uint16_t, uint16_t>, uint32_t> item_counts;
    auto take = [&](const gdcm::DataSet &set, const litmus_dicom_attribute &a, uint32_t item) {
        const gdcm::Tag tag(a.group, a.element);
        if (!set.FindDataElement(tag)) return;
        const gdcm::DataElement &element = set.GetDataElement(tag);
        if (element.IsEmpty()) return;
        const gdcm::ByteValue *raw = element.GetByteValue();
        std::string text = raw != nullptr && raw->GetLength() <= max_value_bytes ? trimmed(filter.ToString(element)) : std::string();
        std::string data = raw != nullptr && raw->GetLength() <= max_value_bytes ? std::string(raw->GetPointer(), raw->GetLength()) : std::string();
        values.put(a.sequence_group); values.put(a.sequence_element); values.put(item); values.put(a.group); values.put(a.element);
        values.put_text(text.substr(0, max_value_bytes));
        values.put_text(data);
        value_count++;
    };
    for (size_t i = 0; i < attribute_count; i++) {
        const litmus_dicom_attribute &a = attributes[i];
        if (a.sequence_group == 0) { take(top, a, 0); continue; }
        const gdcm::Tag sequence_tag(a.sequence_group, a.sequence_element);
        if (!top.FindDataElement(sequence_tag)) continue;
        gdcm::SmartPointer<gdcm::SequenceOfItems> sequence = top.GetDataElement(sequence_tag).GetValueAsSQ();
        if (!sequence) continue;
        const uint32_t n = static_cast<uint32_t>(std::min<size_t>(sequence->GetNumberOfItems(), limits.max_items));
        item_counts[{a.sequence_group, a.sequence_element}] = n;
        for (uint32_t item = 1; item <= n; item++) take(sequence->GetItem(item).GetNestedDataSet(), a, item);
    }
    w.put(value_count);
    w.out += values.out;
    w.put(static_cast<uint32_t>(item_counts.size()));
    for (const auto &[sequence, n] : item_counts) { w.put(sequence.first); w.put(sequence.second); w.put(n); }

    const gdcm::Tag pixel_data(0x7fe0, 0x0010);
    long long native = 0;
    if (top.FindDataElement(pixel_data)) {
        const gdcm::DataElement &element = top.GetDataElement(pixel_data);
        native = element.GetSequenceOfFragments() != nullptr || element.GetVL().IsUndefined()
                     ? -1 : static_cast<long long>(static_cast<uint32_t>(element.GetVL()));
    }
    w.put(native);
    if (!write_all(fd, w.out)) return;
    w.out.clear();

    // Decode only what the limits allow; the caller refuses the rest with the field named.
    unsigned __int128 pixels = static_cast<unsigned __int128>(g.columns) * g.rows;
    unsigned __int128 total_bits = pixels * g.samples_per_pixel * g.frames * g.bits_allocated;
    const bool within = g.columns > 0 && g.rows > 0 && pixels <= limits.max_pixels && g.frames >= 1 && g.frames <= limits.max_frames
                        && (total_bits + 7) / 8 <= limits.max_decoded_bytes;
    if (!within) {
        w.put(int32_t(-2));
        w.put_text("not decoded: the header's sizes are beyond the limits");
        w.put(uint64_t(0));
        return;
    }
    const uint64_t length = image.GetBufferLength();
    // Decoding: the frames, a codec's working copies of them, the copy sent back.
    limit_memory(6 * static_cast<uint64_t>((total_bits + 7) / 8) + 8 * static_cast<uint64_t>(count) + (512u << 20));
    std::string buffer;
    if (length > limits.max_decoded_bytes) {
        w.put(int32_t(-1));
        w.put_text("GDCM's decoded size is beyond the limits");
        w.put(uint64_t(0));
        return;
    }
    buffer.resize(length);
    if (!image.GetBuffer(buffer.data())) {
        const char *syntax_name = syntax.GetString();
        w.put(int32_t(-1));
        w.put_text(std::string("GDCM cannot decode its pixel data (") + (syntax_name ? syntax_name : "unknown transfer syntax")
                   + "): the data are truncated or corrupt");
        w.put(uint64_t(0));
        return;
    }
    w.put(int32_t(0));
    w.put_text("");
    w.put(length);
    if (write_all(fd, w.out)) write_all(fd, buffer);  // the frames straight from the decoder's buffer
    w.out.clear();
}

bool write_all(int fd, const std::string &data) {
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

}  // namespace

extern "C" litmus_dicom *litmus_dicom_open(const uint8_t *bytes, size_t count, const litmus_dicom_attribute *attributes,
                                           size_t attribute_count, litmus_dicom_limits limits, char *error, size_t error_size) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        write_message(error, error_size, std::string("cannot start the DICOM reader: ") + std::strerror(errno));
        return nullptr;
    }
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        write_message(error, error_size, std::string("cannot start the DICOM reader: ") + std::strerror(errno));
        return nullptr;
    }
    if (child == 0) {
        ::close(fds[0]);
        // A crash here ends this process quietly: no inherited crash reporter (Swift's backtracer), and
        // GDCM's and libjpeg's own messages go nowhere — the parent turns the outcome into one error.
        for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGALRM}) std::signal(signal, SIG_DFL);
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0) ::dup2(null, STDERR_FILENO);
        ::alarm(limits.seconds);
        Writer w;
        try {
            collect(bytes, count, attributes, attribute_count, limits, w, fds[1]);
        } catch (const std::bad_alloc &) {
            w = Writer();
            w.put(int32_t(-1));
            w.put_text("a length in its header asks for more memory than there is (a malformed header)");
        } catch (...) {
            w = Writer();
            w.put(int32_t(-1));
            w.put_text("GDCM failed reading it (a malformed file)");
        }
        _exit(write_all(fds[1], w.out) ? 0 : 1);
    }
    ::close(fds[1]);
    std::string report;
    report.reserve(std::min<uint64_t>(4 * static_cast<uint64_t>(count) + (1u << 20), limits.max_decoded_bytes));
    char chunk[1 << 16];
    const uint64_t cap = limits.max_decoded_bytes + (64u << 20);
    bool too_long = false;
    for (;;) {
        const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (report.size() + static_cast<size_t>(n) > cap) { too_long = true; break; }
        report.append(chunk, static_cast<size_t>(n));
    }
    ::close(fds[0]);
    if (too_long) ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (too_long) {
        write_message(error, error_size, "GDCM's answer is longer than the limits allow (a malformed file)");
        return nullptr;
    }
    std::string crash;
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        crash = signal == SIGALRM ? "GDCM did not finish within " + std::to_string(limits.seconds) + " s (a malformed file)"
                                  : "GDCM crashed (signal " + std::to_string(signal) + ": "
                                        + (signal == SIGABRT ? "an assertion in GDCM failed" : strsignal(signal)) + "); the file is malformed";
    }
    ReadBack r{report};
    const int32_t read_status = r.get<int32_t>();
    if (!r.ok) {
        write_message(error, error_size, crash.empty() ? "GDCM's reader stopped without an answer (a malformed file)" : "reading it: " + crash);
        return nullptr;
    }
    if (read_status != 0) {
        write_message(error, error_size, r.get_text(4096));
        return nullptr;
    }
    auto *file = new litmus_dicom();
    file->geometry = r.get<litmus_dicom_geometry>();
    const uint32_t value_count = r.get<uint32_t>();
    for (uint32_t i = 0; r.ok && i < value_count; i++) {
        const auto sg = r.get<uint16_t>(), se = r.get<uint16_t>();
        const auto item = r.get<uint32_t>();
        const auto g = r.get<uint16_t>(), e = r.get<uint16_t>();
        Key key{sg, se, item, g, e};
        file->strings[key] = r.get_text(max_value_bytes);
        file->bytes[key] = r.get_text(max_value_bytes);
    }
    const uint32_t sequence_count = r.get<uint32_t>();
    for (uint32_t i = 0; r.ok && i < sequence_count; i++) {
        const auto sg = r.get<uint16_t>(), se = r.get<uint16_t>();
        file->items[{sg, se}] = r.get<uint32_t>();
    }
    file->native_vl = r.get<long long>();
    if (!r.ok) {
        delete file;
        write_message(error, error_size, crash.empty() ? "GDCM's reader gave an incomplete answer (a malformed file)" : "reading it: " + crash);
        return nullptr;
    }
    if (r.at == report.size()) {  // the child ended while decoding
        file->decode_message = crash.empty() ? "GDCM stopped while decoding its pixel data (corrupt data)" : "decoding its pixel data: " + crash;
        return file;
    }
    file->decode_status = r.get<int32_t>();
    file->decode_message = r.get_text(4096);
    file->buffer_length = r.get<uint64_t>();
    const bool complete = r.ok && r.at + file->buffer_length == report.size();
    if (complete && file->decode_status == 0) {
        file->buffer_offset = r.at;
        file->buffer = std::move(report);  // the frames stay where they were read, at buffer_offset
    }
    if (!r.ok || (file->decode_status == 0 && !complete)) {
        delete file;
        write_message(error, error_size, "GDCM's reader gave an incomplete answer (a malformed file)");
        return nullptr;
    }
    return file;
}

extern "C" void litmus_dicom_close(litmus_dicom *file) { delete file; }

extern "C" void litmus_dicom_geometry_of(const litmus_dicom *file, litmus_dicom_geometry *geometry) { *geometry = file->geometry; }

extern "C" long litmus_dicom_string(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element, uint32_t item,
                                    uint16_t group, uint16_t element, char *out, size_t size) {
    const auto found = file->strings.find(Key{sequence_group, sequence_element, item, group, element});
    if (found == file->strings.end()) return -1;
    if (size > 0) std::snprintf(out, size, "%s", found->second.c_str());
    return static_cast<long>(found->second.size());
}

extern "C" long litmus_dicom_items(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element) {
    const auto found = file->items.find({sequence_group, sequence_element});
    return found == file->items.end() ? 0 : found->second;
}

extern "C" long litmus_dicom_bytes(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element, uint32_t item,
                                   uint16_t group, uint16_t element, uint8_t *out, size_t capacity) {
    const auto found = file->bytes.find(Key{sequence_group, sequence_element, item, group, element});
    if (found == file->bytes.end() || found->second.empty()) return -1;
    const std::string &data = found->second;
    if (out != nullptr && capacity > 0) std::memcpy(out, data.data(), std::min(capacity, data.size()));
    return static_cast<long>(data.size());
}

extern "C" long long litmus_dicom_native_pixel_bytes(const litmus_dicom *file) { return file->native_vl; }

extern "C" uint64_t litmus_dicom_buffer_length(const litmus_dicom *file) { return file->buffer_length; }

extern "C" int litmus_dicom_decode(const litmus_dicom *file, void *out, uint64_t capacity, char *error, size_t error_size) {
    if (file->decode_status != 0) {
        write_message(error, error_size, file->decode_message);
        return -1;
    }
    if (capacity != file->buffer_length || file->buffer_offset + capacity > file->buffer.size()) {
        write_message(error, error_size, "the decoded size does not match the header");
        return -1;
    }
    std::memcpy(out, file->buffer.data() + file->buffer_offset, capacity);
    return 0;
}

extern "C" const char *litmus_dicom_gdcm_version(void) { return gdcm::Version::GetVersion(); }
