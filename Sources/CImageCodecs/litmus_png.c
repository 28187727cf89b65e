#include "litmus_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
    char *error;
    size_t error_size;
} reader_state;

static void on_error(png_structp png, png_const_charp message) {
    reader_state *state = (reader_state *)png_get_error_ptr(png);
    if (state && state->error && state->error_size > 0) {
        strncpy(state->error, message, state->error_size - 1);
        state->error[state->error_size - 1] = 0;
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

static void on_read(png_structp png, png_bytep out, png_size_t length) {
    reader_state *state = (reader_state *)png_get_io_ptr(png);
    if (state->offset + length > state->size) png_error(png, "the file ends early (truncated)");
    memcpy(out, state->data + state->offset, length);
    state->offset += length;
}

int litmus_png_decode(const unsigned char *data, size_t size, uint64_t max_pixels, litmus_png_image *image, char *error,
                      size_t error_size) {
    memset(image, 0, sizeof(*image));
    if (error_size > 0) error[0] = 0;
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(error, error_size, "not a PNG file (the signature is missing)");
        return -1;
    }
    reader_state state = { data, size, 0, error, error_size };
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
    if (!png) { snprintf(error, error_size, "libpng could not start"); return -1; }
    png_infop info = png_create_info_struct(png);
    /* Both volatile: they change after setjmp, and the error path must see their current values
       (found by fuzzing: a corrupt row left `rows` leaked). */
    png_bytep *volatile rows = NULL;
    unsigned char *volatile pixels = NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        if (rows) free(rows);
        if (pixels) free(pixels);
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        if (!error[0]) snprintf(error, error_size, "the PNG data is corrupt");
        return -1;
    }
    png_set_read_fn(png, &state, on_read);
    png_read_info(png, info);
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_swap(png);  /* little-endian hosts: samples in host order */
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    uint32_t width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    int channels = png_get_channels(png, info);
    int out_depth = png_get_bit_depth(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if ((uint64_t)width * height > max_pixels) {
        /* Said before any pixel memory is asked for; the caller reports the size. */
        image->width = width;
        image->height = height;
        png_destroy_read_struct(&png, &info, NULL);
        return -2;
    }
    if (width == 0 || height == 0 || (uint64_t)row_bytes * height > ((uint64_t)1 << 32)) {
        snprintf(error, error_size, "the image size %ux%u is not supported", width, height);
        png_longjmp(png, 1);
    }
    pixels = malloc(row_bytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (!pixels || !rows) { snprintf(error, error_size, "out of memory"); png_longjmp(png, 1); }
    for (uint32_t y = 0; y < height; y++) rows[y] = pixels + y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    image->width = width;
    image->height = height;
    image->channels = channels;
    image->bit_depth = out_depth;
    image->pixels = pixels;
    return 0;
}

void litmus_png_free(litmus_png_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}

typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
    int failed;
} writer_state;

static void on_write(png_structp png, png_bytep data, png_size_t length) {
    writer_state *state = (writer_state *)png_get_io_ptr(png);
    if (state->size + length > state->capacity) {
        size_t capacity = state->capacity ? state->capacity * 2 : 4096;
        while (capacity < state->size + length) capacity *= 2;
        unsigned char *grown = realloc(state->data, capacity);
        if (!grown) png_error(png, "out of memory");
        state->data = grown;
        state->capacity = capacity;
    }
    memcpy(state->data + state->size, data, length);
    state->size += length;
}

static void on_flush(png_structp png) { (void)png; }

int litmus_png_encode_gray8(const unsigned char *pixels, uint32_t width, uint32_t height,
                            unsigned char **output, size_t *output_size, char *error, size_t error_size) {
    *output = NULL;
    *output_size = 0;
    if (error_size > 0) error[0] = 0;
    reader_state messages = { NULL, 0, 0, error, error_size };
    writer_state state = { NULL, 0, 0, 0 };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &messages, on_error, on_warning);
    if (!png) { snprintf(error, error_size, "libpng could not start"); return -1; }
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        free(state.data);
        png_destroy_write_struct(&png, info ? &info : NULL);
        if (!error[0]) snprintf(error, error_size, "PNG encoding failed");
        return -1;
    }
    png_set_write_fn(png, &state, on_write, on_flush);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (uint32_t y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(pixels + (size_t)y * width));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    *output = state.data;
    *output_size = state.size;
    return 0;
}

const char *litmus_png_version(void) { return png_get_libpng_ver(NULL); }
