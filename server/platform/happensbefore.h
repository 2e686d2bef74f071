#pragma once

// ThreadSanitizer is told about hand-offs only in a TSan build (-fsanitize=thread): GCC
// defines __SANITIZE_THREAD__, clang answers __has_feature(thread_sanitizer).
#if defined(__SANITIZE_THREAD__)
#define SERVESCOPE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SERVESCOPE_TSAN 1
#endif
#endif

#ifdef SERVESCOPE_TSAN
#include <sanitizer/tsan_interface.h>
#endif

/*!
    Marks a hand-off between threads that ThreadSanitizer cannot see: Debian's Qt is not
    instrumented, so the synchronisation inside QThreadPool::start(), a queued call or
    QThread::wait() is invisible to it, and what one thread wrote before the hand-off looks
    like a race with what the other reads after it. release() on the sending side, before the
    hand-off, and acquire() on the receiving side, after it, on the same address, say that
    the first happens before the second. Without TSan both compile to nothing.
*/
class HappensBefore
{
public:
    static void release([[maybe_unused]] const void *address)
    {
#ifdef SERVESCOPE_TSAN
        __tsan_release(const_cast<void *>(address));
#endif
    }
    static void acquire([[maybe_unused]] const void *address)
    {
#ifdef SERVESCOPE_TSAN
        __tsan_acquire(const_cast<void *>(address));
#endif
    }
};
