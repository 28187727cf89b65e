// GDCM alone on one file, in this process (no fork, no Litmus): the best of REPEATS parse + decode, in
// milliseconds, for run_dicom.py's "GDCM alone" column.
//   g++ -O2 -o /tmp/gdcm_alone Benchmarks/gdcm_alone.cpp -lgdcmMSFF -lgdcmDSED -lgdcmCommon
//   /tmp/gdcm_alone FILE REPEATS
#include <gdcm-3.0/gdcmImageReader.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

int main(int argc, char **argv) {
    if (argc < 2) return 64;
    std::ifstream file(argv[1], std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    double best = 1e300;
    for (int i = 0; i <= repeats; i++) {  // the first pass warms up and is not counted
        const auto start = std::chrono::steady_clock::now();
        std::istringstream stream(bytes);
        gdcm::ImageReader reader;
        reader.SetStream(stream);
        if (!reader.Read()) return 1;
        std::string pixels(reader.GetImage().GetBufferLength(), '\0');
        if (!reader.GetImage().GetBuffer(pixels.data())) return 1;
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (i > 0 && ms < best) best = ms;
    }
    std::printf("%.1f\n", best);
    return 0;
}
