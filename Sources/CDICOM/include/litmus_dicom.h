#ifndef LITMUS_DICOM_H
#define LITMUS_DICOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A DICOM file read by GDCM. GDCM is C++, throws, and (as Debian builds it) asserts on malformed input,
/// which aborts the process: so it runs in a forked child that parses, collects the attributes asked
/// for, decodes, sends everything back through a pipe and exits. A crash, an assertion or a hang there is
/// an error here. Opaque; free it with litmus_dicom_close.
typedef struct litmus_dicom litmus_dicom;

/// The pixel module as GDCM reads it. `photometric` is that of the decoded buffer.
typedef struct {
    uint32_t columns;
    uint32_t rows;
    uint32_t frames;
    uint16_t samples_per_pixel;
    uint16_t bits_allocated;
    uint16_t bits_stored;
    uint16_t high_bit;
    uint16_t pixel_representation;  // 0 unsigned, 1 two's complement
    uint16_t planar_configuration;  // 0 interleaved, 1 one plane per sample
    char photometric[32];
    char transfer_syntax[80];       // the UID's name, e.g. "JPEG 2000 Image Compression (Lossless Only)"
    int big_endian;                 // the transfer syntax is Explicit VR Big Endian
    int deflated;                   // the data set is deflated (its bytes in the file are not the values')
} litmus_dicom_geometry;

/// An attribute to collect: top level when `sequence_group` is 0, else in every item (up to
/// `max_items`) of that top-level sequence.
typedef struct {
    uint16_t sequence_group;
    uint16_t sequence_element;
    uint16_t group;
    uint16_t element;
} litmus_dicom_attribute;

/// What the child may do: pixels are decoded only when the header's sizes are within these (the caller's
/// limits, checked again by the caller), and the child is stopped after `seconds`.
typedef struct {
    uint64_t max_pixels;         // Rows × Columns
    uint32_t max_frames;
    uint64_t max_decoded_bytes;  // all frames
    uint32_t max_items;          // sequence items collected
    uint32_t seconds;
} litmus_dicom_limits;

/// Parses and decodes DICOM bytes (with or without the 128-byte preamble). Returns NULL and writes why
/// into `error` when no image can be read from them.
litmus_dicom *litmus_dicom_open(const uint8_t *bytes, size_t count, const litmus_dicom_attribute *attributes,
                                size_t attribute_count, litmus_dicom_limits limits, char *error, size_t error_size);

void litmus_dicom_close(litmus_dicom *file);

void litmus_dicom_geometry_of(const litmus_dicom *file, litmus_dicom_geometry *geometry);

/// The text value of a collected attribute (item 1-based; 0 for top level). Multiple values are
/// separated by backslashes. Returns the value's length (the text is cut to `size` − 1 bytes), or -1.
long litmus_dicom_string(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element, uint32_t item,
                         uint16_t group, uint16_t element, char *out, size_t size);

/// The number of items of a top-level sequence asked for (0 when absent).
long litmus_dicom_items(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element);

/// The raw bytes of a collected attribute (LUT Data), copied into `out` up to `capacity`; returns the
/// value's byte length or -1 when absent.
long litmus_dicom_bytes(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element, uint32_t item,
                        uint16_t group, uint16_t element, uint8_t *out, size_t capacity);

/// The value length native (uncompressed) Pixel Data declares, -1 when it is encapsulated.
long long litmus_dicom_native_pixel_bytes(const litmus_dicom *file);

/// The decoded length in bytes of all frames as GDCM computes it (0 when the limits stopped decoding).
uint64_t litmus_dicom_buffer_length(const litmus_dicom *file);

/// Copies every decoded frame (samples in host byte order) into `out` (`capacity` bytes, which must be
/// litmus_dicom_buffer_length). Returns 0, or -1 with a message (GDCM could not decode the pixel data).
int litmus_dicom_decode(const litmus_dicom *file, void *out, uint64_t capacity, char *error, size_t error_size);

/// The GDCM version this program runs with.
const char *litmus_dicom_gdcm_version(void);

#ifdef __cplusplus
}
#endif
#endif
