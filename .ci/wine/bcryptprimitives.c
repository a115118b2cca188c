/*
 * A stand-in for Windows' bcryptprimitives.dll, for `make windows-check`
 * only: Debian 12's wine 8.0 lacks ProcessPrng, which the Go runtime (Go
 * 1.21 and later) calls for its random numbers, so no Go program starts
 * under it ("bcryptprimitives.dll not found"). This DLL, copied into the
 * check's own wine prefix (never shipped), fills the buffer with
 * RtlGenRandom (advapi32's SystemFunction036), which wine has.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG n = size > 0x10000000 ? 0x10000000 : (ULONG)size;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}
