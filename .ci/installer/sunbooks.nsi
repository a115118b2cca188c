; The Windows installer of 阳光账本 (make installer). Built with Debian's
; nsis: makensis -DVERSION=… -DVIVERSION=… -DDIST=… -DICON=… -DOUT=… sunbooks.nsi
; It installs the app and its command line for all users, with Start-menu
; and desktop shortcuts and an uninstaller. Books and their backups are the
; user's files, wherever the user keeps them: the uninstaller never touches
; them.
Unicode true
; 64-bit, like the program: a 32-bit stub would need wine32 to be checked here.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!define APPNAME "阳光账本"
!define COMPANY "阳光账本"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.sunbooks.desktop"

Name "${APPNAME} ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\${APPNAME}"
InstallDirRegKey HKLM "${UNINSTKEY}" "InstallLocation"
RequestExecutionLevel admin
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${COMPANY}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${COMPANY}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\sunbooks.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动阳光账本"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
	${IfNot} ${RunningX64}
		MessageBox MB_ICONSTOP "阳光账本需要 64 位的 Windows 10 或更新的版本。" /SD IDOK
		Abort
	${EndIf}
	${IfNot} ${AtLeastWin10}
		MessageBox MB_ICONSTOP "阳光账本需要 Windows 10 或更新的版本。" /SD IDOK
		Abort
	${EndIf}
	SetRegView 64
FunctionEnd

Section "阳光账本" SecApp
	SectionIn RO
	SetShellVarContext all
	SetOutPath "$INSTDIR"
	File "${DIST}/sunbooks.exe"
	File "${DIST}/sunbooks-cli.exe"
	File /oname=sunbooks.ico "${ICON}"
	WriteUninstaller "$INSTDIR\uninstall.exe"

	CreateDirectory "$SMPROGRAMS\${APPNAME}"
	CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\sunbooks.exe" "" "$INSTDIR\sunbooks.ico"
	CreateShortcut "$SMPROGRAMS\${APPNAME}\卸载阳光账本.lnk" "$INSTDIR\uninstall.exe"
	CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\sunbooks.exe" "" "$INSTDIR\sunbooks.ico"

	WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${APPNAME}"
	WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${COMPANY}"
	WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\sunbooks.ico"
	WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
	SetShellVarContext all
	SetRegView 64
	Delete "$DESKTOP\${APPNAME}.lnk"
	Delete "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk"
	Delete "$SMPROGRAMS\${APPNAME}\卸载阳光账本.lnk"
	RMDir "$SMPROGRAMS\${APPNAME}"
	Delete "$INSTDIR\sunbooks.exe"
	Delete "$INSTDIR\sunbooks-cli.exe"
	Delete "$INSTDIR\sunbooks.ico"
	Delete "$INSTDIR\uninstall.exe"
	; Only the folder, and only when empty: books kept there stay.
	RMDir "$INSTDIR"
	DeleteRegKey HKLM "${UNINSTKEY}"
SectionEnd
