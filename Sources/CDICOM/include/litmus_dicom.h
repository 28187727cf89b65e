#ifndef LITMUS_DICOM_H
#define LITMUS_DICOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A DICOM file parsed by GDCM. Opaque; free it with litmus_dicom_close. GDCM is C++ and throws: every
/// function here catches, so nothing C++ crosses into Swift.
typedef struct litmus_dicom litmus_dicom;

/// The pixel module as GDCM reads it. `photometric` is that of the decoded buffer (a codec may change it,
/// e.g. JPEG 2000's YBR_RCT decodes to RGB).
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
} litmus_dicom_geometry;

/// Parses DICOM bytes (with or without the 128-byte preamble and `DICM`). Returns NULL and writes why
/// into `error` when GDCM cannot read an image from them.
litmus_dicom *litmus_dicom_open(const uint8_t *bytes, size_t count, char *error, size_t error_size);

void litmus_dicom_close(litmus_dicom *file);

/// The pixel module. Returns 0, or -1 (message in `error`) when the file has no usable pixel description.
int litmus_dicom_geometry_of(const litmus_dicom *file, litmus_dicom_geometry *geometry, char *error, size_t error_size);

/// The text value of attribute (group, element): at the top level when `sequence_group` is 0, else in item
/// `item` (1-based) of that sequence. Multiple values are separated by backslashes. Returns the value's
/// length (the text is cut to `size` − 1 bytes), or -1 when the attribute (or item) is absent.
long litmus_dicom_string(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element, uint32_t item,
                         uint16_t group, uint16_t element, char *out, size_t size);

/// The number of items of a top-level sequence (0 when absent).
long litmus_dicom_items(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element);

/// The raw bytes of an attribute inside item `item` of a sequence (LUT Data): copied into `out` up to
/// `capacity`; returns the value's byte length or -1 when absent.
long litmus_dicom_bytes(const litmus_dicom *file, uint16_t sequence_group, uint16_t sequence_element, uint32_t item,
                        uint16_t group, uint16_t element, uint8_t *out, size_t capacity);

/// The value length native (uncompressed) Pixel Data declares, -1 when it is encapsulated (compressed
/// fragments).
long long litmus_dicom_native_pixel_bytes(const litmus_dicom *file);

/// The decoded length in bytes of all frames as GDCM computes it (the caller checks it against its own
/// overflow-checked product of the header's sizes before allocating).
uint64_t litmus_dicom_buffer_length(const litmus_dicom *file);

/// Decodes every frame (decompressing JPEG, JPEG-LS, JPEG 2000, RLE) into `out`, samples in host byte
/// order. `capacity` must be litmus_dicom_buffer_length. Returns 0, or -1 with a message.
int litmus_dicom_decode(const litmus_dicom *file, void *out, uint64_t capacity, char *error, size_t error_size);

/// The GDCM version this program runs with.
const char *litmus_dicom_gdcm_version(void);

#ifdef __cplusplus
}
#endif
#endif
