/*
 * srtp3-compat.h — lets mediasoup's worker (written against the libsrtp 3 API,
 * which mediasoup vendors as a meson subproject we cannot download offline)
 * compile and link against Debian bookworm's libsrtp2 (libsrtp2-dev, 2.5.x).
 *
 * It is force-included into every C++ translation unit of the worker build
 * (`-include <this file>`, see scripts/sfu-worker.mjs). Nothing under
 * node_modules is edited.
 *
 * Differences bridged (libsrtp 3 -> libsrtp 2):
 *   - srtp_protect / srtp_unprotect / srtp_protect_rtcp / srtp_unprotect_rtcp
 *     take separate input/output buffers with size_t lengths (and an
 *     mki_index for the protect calls). libsrtp 2 works in place on one buffer
 *     with an int length: copy in -> out, then call the 2.x function on `out`.
 *   - srtp_stream_remove(session, ssrc) is srtp_remove_stream(session, ssrc)
 *     in 2.x (same argument: the SSRC in network byte order).
 *   - srtp_err_status_buffer_small and srtp_err_status_cryptex_err do not
 *     exist in 2.x: they get the values libsrtp 3 gives them (28 and 29), so
 *     they stay distinct keys in DepLibSRTP's error-string map.
 *
 * Only C++ units are compiled with it; it is harmless for files that never
 * include <srtp.h>.
 */
#ifndef PHONGHOP_SRTP3_COMPAT_H
#define PHONGHOP_SRTP3_COMPAT_H

#ifdef __cplusplus

#include <srtp2/srtp.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

#ifndef srtp_err_status_buffer_small
#define srtp_err_status_buffer_small (static_cast<srtp_err_status_t>(28))
#endif
#ifndef srtp_err_status_cryptex_err
#define srtp_err_status_cryptex_err (static_cast<srtp_err_status_t>(29))
#endif

/* SRTCP adds the SRTCP index word (E flag + 31-bit index) after the payload. */
#define PHONGHOP_SRTCP_INDEX_LEN 4

namespace phonghop_srtp3_compat
{
	/* Copies `in` into `out` (they may be the same buffer or overlap) and
	 * checks that `out` can hold `inLen + trailer` bytes and that the length
	 * fits libsrtp2's int. */
	inline srtp_err_status_t Prepare(
	  const uint8_t* in, size_t inLen, uint8_t* out, size_t outCapacity, size_t trailer, int* len)
	{
		if (in == nullptr || out == nullptr)
			return srtp_err_status_bad_param;
		if (inLen > static_cast<size_t>(INT_MAX) - trailer)
			return srtp_err_status_bad_param;
		if (outCapacity < inLen + trailer)
			return srtp_err_status_buffer_small;
		if (in != out)
			std::memmove(out, in, inLen);
		*len = static_cast<int>(inLen);
		return srtp_err_status_ok;
	}

	inline srtp_err_status_t Protect(
	  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t mkiIndex)
	{
		if (srtpLen == nullptr)
			return srtp_err_status_bad_param;
		int len{ 0 };
		srtp_err_status_t err = Prepare(rtp, rtpLen, srtp, *srtpLen, SRTP_MAX_TRAILER_LEN, &len);
		if (err != srtp_err_status_ok)
			return err;
		if (mkiIndex == 0)
			err = ::srtp_protect(ctx, srtp, &len);
		else
			err = ::srtp_protect_mki(ctx, srtp, &len, 1, static_cast<unsigned int>(mkiIndex));
		if (err == srtp_err_status_ok)
			*srtpLen = static_cast<size_t>(len);
		return err;
	}

	inline srtp_err_status_t Unprotect(
	  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
	{
		if (rtpLen == nullptr)
			return srtp_err_status_bad_param;
		int len{ 0 };
		srtp_err_status_t err = Prepare(srtp, srtpLen, rtp, *rtpLen, 0, &len);
		if (err != srtp_err_status_ok)
			return err;
		err = ::srtp_unprotect(ctx, rtp, &len);
		if (err == srtp_err_status_ok)
			*rtpLen = static_cast<size_t>(len);
		return err;
	}

	inline srtp_err_status_t ProtectRtcp(
	  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t mkiIndex)
	{
		if (srtcpLen == nullptr)
			return srtp_err_status_bad_param;
		int len{ 0 };
		srtp_err_status_t err = Prepare(
		  rtcp, rtcpLen, srtcp, *srtcpLen, SRTP_MAX_TRAILER_LEN + PHONGHOP_SRTCP_INDEX_LEN, &len);
		if (err != srtp_err_status_ok)
			return err;
		if (mkiIndex == 0)
			err = ::srtp_protect_rtcp(ctx, srtcp, &len);
		else
			err = ::srtp_protect_rtcp_mki(ctx, srtcp, &len, 1, static_cast<unsigned int>(mkiIndex));
		if (err == srtp_err_status_ok)
			*srtcpLen = static_cast<size_t>(len);
		return err;
	}

	inline srtp_err_status_t UnprotectRtcp(
	  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
	{
		if (rtcpLen == nullptr)
			return srtp_err_status_bad_param;
		int len{ 0 };
		srtp_err_status_t err = Prepare(srtcp, srtcpLen, rtcp, *rtcpLen, 0, &len);
		if (err != srtp_err_status_ok)
			return err;
		err = ::srtp_unprotect_rtcp(ctx, rtcp, &len);
		if (err == srtp_err_status_ok)
			*rtcpLen = static_cast<size_t>(len);
		return err;
	}

	inline srtp_err_status_t StreamRemove(srtp_t session, uint32_t ssrcNetworkOrder)
	{
		return ::srtp_remove_stream(session, ssrcNetworkOrder);
	}
} // namespace phonghop_srtp3_compat

/* Function-like macros: only calls with the libsrtp 3 argument lists are
 * rewritten (the declarations above were already seen with the 2.x names). */
#define srtp_protect(...) phonghop_srtp3_compat::Protect(__VA_ARGS__)
#define srtp_unprotect(...) phonghop_srtp3_compat::Unprotect(__VA_ARGS__)
#define srtp_protect_rtcp(...) phonghop_srtp3_compat::ProtectRtcp(__VA_ARGS__)
#define srtp_unprotect_rtcp(...) phonghop_srtp3_compat::UnprotectRtcp(__VA_ARGS__)
#define srtp_stream_remove(...) phonghop_srtp3_compat::StreamRemove(__VA_ARGS__)

#endif /* __cplusplus */

#endif /* PHONGHOP_SRTP3_COMPAT_H */
