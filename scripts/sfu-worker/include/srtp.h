/*
 * Shim: mediasoup's worker does `#include <srtp.h>` (libsrtp 3 installs its
 * header as srtp3/srtp.h and meson adds that directory); Debian's libsrtp2-dev
 * installs /usr/include/srtp2/srtp.h without a pkg-config include path.
 * The API differences are bridged by srtp3-compat.h (force-included).
 */
#include <srtp2/srtp.h>
