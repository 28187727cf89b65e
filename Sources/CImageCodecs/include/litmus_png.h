#ifndef LITMUS_PNG_H
#define LITMUS_PNG_H

#include <stddef.h>
#include <stdint.h>

/// A decoded PNG: 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels of 8 or 16 bits, rows packed,
/// 16-bit samples in host byte order. `pixels` is malloc'ed; free it with litmus_png_free.
typedef struct {
    uint32_t width;
    uint32_t height;
    int channels;
    int bit_depth;
    void *pixels;
} litmus_png_image;

/// Decodes PNG bytes. Returns 0 on success; -2 when the image has more than `max_pixels` pixels (its width
/// and height are set, no pixel memory is taken); otherwise writes a message to `error` and returns -1.
/// libpng reports errors by longjmp, which Swift cannot catch: this C function keeps that inside.
int litmus_png_decode(const unsigned char *data, size_t size, uint64_t max_pixels, litmus_png_image *image, char *error,
                      size_t error_size);

void litmus_png_free(litmus_png_image *image);

/// The version of the libpng this program runs with (png_get_libpng_ver).
const char *litmus_png_version(void);



/// Encodes 8-bit grey pixels (rows packed) as PNG into a malloc'ed buffer; returns 0 on success.
/// Free `*output` with free().
int litmus_png_encode_gray8(const unsigned char *pixels, uint32_t width, uint32_t height,
                            unsigned char **output, size_t *output_size, char *error, size_t error_size);
#endif
