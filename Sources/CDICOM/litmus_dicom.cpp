// The few GDCM calls Litmus needs, behind a C interface. GDCM reports problems by return value, by
// exceptions (std::bad_alloc on a hostile length) and by printing; each function catches everything and
// GDCM's own printing is switched off, so errors reach the user once, through Litmus's message.
#include "litmus_dicom.h"

#include <gdcm-3.0/gdcmImageReader.h>
#include <gdcm-3.0/gdcmStringFilter.h>
#include <gdcm-3.0/gdcmTrace.h>
#include <gdcm-3.0/gdcmUIDs.h>
#include <gdcm-3.0/gdcmVersion.h>

#include <cstring>
#include <sstream>
#include <string>

struct litmus_dicom {
    std::istringstream stream;  // the reader keeps a pointer to it
    gdcm::ImageReader reader;
};

namespace {

void write_message(char *error, size_t size, const std::string &text) {
    if (error == nullptr || size == 0) return;
    std::snprintf(error, size, "%s", text.c_str());
}

// GDCM prints warnings for many real files (odd lengths, private tags); Litmus reports its own errors.
struct QuietTrace {
    QuietTrace() {
        gdcm::Trace::DebugOff();
        gdcm::Trace::WarningOff();
        gdcm::Trace::ErrorOff();
    }
};
const QuietTrace quiet;

// The data set an attribute lives in: the top level, or item `item` of a top-level sequence.
const gdcm::DataSet *data_set_for(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element,
                                  uint32_t item, gdcm::SmartPointer<gdcm::SequenceOfItems> &holder) {
    const gdcm::DataSet &top = file->reader.GetFile().GetDataSet();
    if (sequence_group == 0) return &top;
    const gdcm::Tag tag(sequence_group, sequence_element);
    if (!top.FindDataElement(tag)) return nullptr;
    holder = top.GetDataElement(tag).GetValueAsSQ();
    if (!holder || item < 1 || item > holder->GetNumberOfItems()) return nullptr;
    return &holder->GetItem(item).GetNestedDataSet();
}

}  // namespace

extern "C" litmus_dicom *litmus_dicom_open(const uint8_t *bytes, size_t count, char *error, size_t error_size) {
    (void)quiet;
    try {
        auto *file = new litmus_dicom();
        file->stream.str(std::string(reinterpret_cast<const char *>(bytes), count));
        file->reader.SetStream(file->stream);
        if (!file->reader.Read()) {
            delete file;
            write_message(error, error_size, "GDCM cannot read an image from it (truncated, malformed, or a DICOM object without pixels)");
            return nullptr;
        }
        return file;
    } catch (const std::bad_alloc &) {
        write_message(error, error_size, "a length in its header asks for more memory than there is (a malformed header)");
    } catch (const std::exception &e) {
        write_message(error, error_size, std::string("GDCM: ") + e.what());
    } catch (...) {
        write_message(error, error_size, "GDCM failed reading it (a malformed file)");
    }
    return nullptr;
}

extern "C" void litmus_dicom_close(litmus_dicom *file) { delete file; }

extern "C" int litmus_dicom_geometry_of(const litmus_dicom *file, litmus_dicom_geometry *geometry, char *error,
                                        size_t error_size) {
    try {
        const gdcm::Image &image = file->reader.GetImage();
        const gdcm::PixelFormat &format = image.GetPixelFormat();
        std::memset(geometry, 0, sizeof *geometry);
        const unsigned dimensions = image.GetNumberOfDimensions();
        if (dimensions < 2) {
            write_message(error, error_size, "it has no image dimensions (Rows, Columns)");
            return -1;
        }
        geometry->columns = image.GetDimension(0);
        geometry->rows = image.GetDimension(1);
        geometry->frames = dimensions >= 3 ? image.GetDimension(2) : 1;
        geometry->samples_per_pixel = format.GetSamplesPerPixel();
        geometry->bits_allocated = format.GetBitsAllocated();
        geometry->bits_stored = format.GetBitsStored();
        geometry->high_bit = format.GetHighBit();
        geometry->pixel_representation = format.GetPixelRepresentation();
        geometry->planar_configuration = static_cast<uint16_t>(image.GetPlanarConfiguration());
        const char *photometric = image.GetPhotometricInterpretation().GetString();
        std::string trimmed = photometric ? photometric : "";
        while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\0')) trimmed.pop_back();
        std::snprintf(geometry->photometric, sizeof geometry->photometric, "%s", trimmed.c_str());
        const gdcm::TransferSyntax &syntax = image.GetTransferSyntax();
        const char *uid = syntax.GetString();
        gdcm::UIDs names;
        const char *name = uid != nullptr && names.SetFromUID(uid) ? names.GetName() : uid;
        std::snprintf(geometry->transfer_syntax, sizeof geometry->transfer_syntax, "%s", name ? name : "unknown");
        geometry->big_endian = syntax.GetSwapCode() == gdcm::SwapCode::BigEndian ? 1 : 0;
        return 0;
    } catch (...) {
        write_message(error, error_size, "GDCM failed reading its pixel description (a malformed header)");
        return -1;
    }
}

extern "C" long litmus_dicom_string(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element,
                                    uint32_t item, uint16_t group, uint16_t element, char *out, size_t size) {
    try {
        gdcm::SmartPointer<gdcm::SequenceOfItems> holder;
        const gdcm::DataSet *set = data_set_for(file, sequence_group, sequence_element, item, holder);
        const gdcm::Tag tag(group, element);
        if (set == nullptr || !set->FindDataElement(tag)) return -1;
        const gdcm::DataElement &value = set->GetDataElement(tag);
        if (value.IsEmpty()) return -1;
        gdcm::StringFilter filter;
        filter.SetFile(file->reader.GetFile());
        std::string text = filter.ToString(value);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
        if (size > 0) std::snprintf(out, size, "%s", text.c_str());
        return static_cast<long>(text.size());
    } catch (...) {
        return -1;
    }
}

extern "C" long litmus_dicom_items(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element) {
    try {
        const gdcm::DataSet &top = file->reader.GetFile().GetDataSet();
        const gdcm::Tag tag(sequence_group, sequence_element);
        if (!top.FindDataElement(tag)) return 0;
        gdcm::SmartPointer<gdcm::SequenceOfItems> sequence = top.GetDataElement(tag).GetValueAsSQ();
        return sequence ? static_cast<long>(sequence->GetNumberOfItems()) : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" long litmus_dicom_bytes(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element,
                                   uint32_t item, uint16_t group, uint16_t element, uint8_t *out, size_t capacity) {
    try {
        gdcm::SmartPointer<gdcm::SequenceOfItems> holder;
        const gdcm::DataSet *set = data_set_for(file, sequence_group, sequence_element, item, holder);
        const gdcm::Tag tag(group, element);
        if (set == nullptr || !set->FindDataElement(tag)) return -1;
        const gdcm::ByteValue *bytes = set->GetDataElement(tag).GetByteValue();
        if (bytes == nullptr) return -1;
        const size_t length = bytes->GetLength();
        if (out != nullptr && capacity > 0) std::memcpy(out, bytes->GetPointer(), length < capacity ? length : capacity);
        return static_cast<long>(length);
    } catch (...) {
        return -1;
    }
}

extern "C" long long litmus_dicom_native_pixel_bytes(const litmus_dicom *file) {
    try {
        const gdcm::DataSet &top = file->reader.GetFile().GetDataSet();
        const gdcm::Tag pixelData(0x7fe0, 0x0010);
        if (!top.FindDataElement(pixelData)) return 0;
        const gdcm::DataElement &element = top.GetDataElement(pixelData);
        if (element.GetSequenceOfFragments() != nullptr) return -1;  // encapsulated: compressed frames
        return element.GetVL().IsUndefined() ? -1 : static_cast<long long>(static_cast<uint32_t>(element.GetVL()));
    } catch (...) {
        return 0;
    }
}

extern "C" uint64_t litmus_dicom_buffer_length(const litmus_dicom *file) {
    try {
        return file->reader.GetImage().GetBufferLength();
    } catch (...) {
        return 0;
    }
}

extern "C" int litmus_dicom_decode(const litmus_dicom *file, void *out, uint64_t capacity, char *error, size_t error_size) {
    try {
        const gdcm::Image &image = file->reader.GetImage();
        if (image.GetBufferLength() != capacity) {
            write_message(error, error_size, "the decoded size does not match the header");
            return -1;
        }
        if (!image.GetBuffer(static_cast<char *>(out))) {
            const char *syntax = image.GetTransferSyntax().GetString();
            write_message(error, error_size, std::string("GDCM cannot decode its pixel data (") + (syntax ? syntax : "unknown transfer syntax")
                                             + "): the data are truncated or corrupt");
            return -1;
        }
        return 0;
    } catch (const std::bad_alloc &) {
        write_message(error, error_size, "decoding asks for more memory than there is (a malformed header)");
    } catch (...) {
        write_message(error, error_size, "GDCM failed decoding its pixel data (corrupt data)");
    }
    return -1;
}

extern "C" const char *litmus_dicom_gdcm_version(void) { return gdcm::Version::GetVersion(); }
