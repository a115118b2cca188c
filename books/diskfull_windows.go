package books

import (
	"errors"
	"syscall"
)

// diskFullOnWindows: ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39).
func diskFullOnWindows(err error) bool {
	return errors.Is(err, syscall.Errno(112)) || errors.Is(err, syscall.Errno(39))
}
