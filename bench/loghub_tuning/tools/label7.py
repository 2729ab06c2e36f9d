#!/usr/bin/env python3
# Hand labelling of android7 (session 17): templates written by hand before the miner ran on the lines.
# Split rule fixed before labelling: first hex digit of sha1(thread URL) even -> tune, odd -> heldout.
import hashlib, re, sys
HEADERS = [
 re.compile(r'^\d\d-\d\d \d\d:\d\d:\d\d\.\d+\s+\d+\s+\d+ [VDIWEF] (.*?)\s*: (.*)$'),
 re.compile(r'^(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \d+-\d+/\S+ [VDIWEF]/(.*?): (.*)$'),
 re.compile(r'^(?:\d\d-\d\d \d\d:\d\d:\d\d\.\d+:? )?[VDIWEF]/(.*?)\(\s*\d+\): (.*)$'),
 re.compile(r'^\d\d/\d\d/\d{4} [\d:]+ \[\w+\] (\S+)\(\d+\) (.*)$'),
]
T = [
 # wifi
 'Event [<*>]', 'Connection to supplicant established, state=<*>', 'Changing supplicant state: <*> ==> <*>',
 'Trying to associate with <*> (SSID=<*> freq=<*> MHz)', 'CTRL-EVENT-STATE-CHANGE id=<*> state=<*> BSSID=<*>',
 'Associated with <*>', 'wpa_driver_priv_driver_cmd failed (<*>): <*>', 'wpa_driver_priv_driver_cmd, counter: <*>, Maxmum: <*>)',
 "Trying to associate with SSID '<*>'", 'Reset connections and stopping DHCP', 'No keyboard for id <*>',
 'Using default keymap: <*>', 'Disabling interface', 'Starting: Intent { <*> } from pid <*>',
 # audio
 'Using default <*> mSec as standby time.', "couldn't find audio_conf.txt", 'Audio service is not initiated.',
 'AudioPolicyService CSTOR in new mode', 'loadAudioPolicyConfig() loaded <*>', 'MTK Audio loadLibrary() failed to open <*>',
 "int android::load_audio_interface(const char*, audio_hw_device_t**) couldn't open audio hw device in <*> (<*>)",
 "int android::load_audio_interface(const char*, audio_hw_device_t**) couldn't load audio hw module <*> (<*>)",
 'loadHwModule() error <*> loading module <*>', 'could not open HW module <*>',
 'session <*> sessionId <*> status <*>', 'track pid  <*>', 'session <*> has no mPlaybackThreads',
 'mAudioSessionRefs.size = <*>', 'mSessionid <*> pid = <*>', 'get_session_mode <*>', 'getNewOutputDevice() selected device <*>',
 'setOutputDevice() output <*> device <*> delayMs <*> force <*>', 'setOutputDevice() prevDevice <*>',
 'setOutputDevice() mMutePrevDevice <*>', 'setOutputDevice() setting same device <*> or null device for output <*>',
 ' checkAndSetVolume stream = <*> index = <*> output = <*> device = <*> delayMs = <*> force = <*>',
 'Reading configuration from <*>', 'Parsing control <*> => <*>',
 # input
 "New device: id=<*>, fd=<*>, path=<*>, name=<*>, classes=<*>, configuration=<*>, keyLayout=<*>, keyCharacterMap=<*>, builtinKeyboard=<*>, usingSuspendBlockIoctl=<*>, usingClockIoctl=<*>",
 "No input device configuration file found for device '<*>'.", 'Unable to disable kernel key repeat for <*>: <*>',
 "New device: id=<*>, fd=<*>, path=<*>, name=<*>, classes=<*>, configuration=<*>, keyLayout=<*>, keyCharacterMap=<*>, builtinKeyboard=<*>,",
 'wakeMechanism=<*>, usingClockIoctl=<*>', 'could not get driver version for <*>, <*>',
 # audio policy / track
 'getOutput() device <*>, stream <*>, samplingRate <*>, format <*>, channelMask <*>, flags <*>',
 'setting force DEEP buffer now', 'getOutputForDevice() returns output <*>', 'creating new AudioTrack',
 'set(): streamType <*>, sampleRate <*>, format <*>, channelMask <*>, frameCount <*>, flags <*>, notificationFrames <*>, sessionId <*>, transferType <*>, uid <*>, pid <*>',
 'Building AudioTrack with attributes: usage=<*> content=<*> flags=<*> tags=<*>',
 'getOutputForAttr() usage=<*>, content=<*>, tag=<*> flags=<*> session <*> selectedDeviceId <*>',
 'getOutputForAttr() device <*>, samplingRate <*>, format <*>, channelMask <*>, flags <*>',
 '  getOutputForAttr() returns output <*> selectedDeviceId <*>',
 'in_standby: enter: stream (<*>) usecase(<*>)', 'stop() called with <*> frames delivered',
 'disable_audio_route: reset and update mixer path: <*>',
 'audio_extn_sound_trigger_update_stream_status: uc_info->id <*> of type <*> for Event <*>, with Raise=<*>',
 'audio_extn_sound_trigger_update_stream_status: send event <*>: usecase id <*>, type <*>',
 'platform_stdev_check_and_update_concurrency: concurrency active <*>, tx <*>, rx <*>, concurrency session_allowed <*>',
 'st_hw_check_lpi_support: lpi NOT supported due platform config or concurrency',
 'hw_info_append_hw_type : device_name = <*>', 'disable_snd_device: snd_device(<*>)',
 'platform_split_snd_device: snd_device(<*>) num devices(<*>) new_snd_devices(<*>)',
 # system_server, input, window
 'oneway function results will be dropped but finished with status <*> and parcel size <*>',
 'inc AccIntentStartedEvents to <*>', 'START u<*> {<*>} from uid <*>',
 'Tried to set launchTime (<*>) < mLastActivityLaunchTime (<*>)', 'Device <*> is associated with display <*>.',
 'rotationForOrientationLw(orient=<*>, last=<*>); user=<*>  sensorRotation=<*> mLidState=<*> mDockMode=<*> mHdmiPlugged=<*>',
 'Input event(<*>): value=<*> when=<*>', "Touch event's action is <*> (deviceType=<*>) [pCnt=<*>, s=<*>] when=<*>",
 'Delivering touch to (<*>): action: <*>, toolType: <*>', 'ViewPostImeInputStage processPointer <*>',
 '  #<*>: <*>', 'manageDisableList what=<*> pkg=<*>', 'ContainerId: <*>', 'sendKeyguardVisibilityChanged(<*>)',
 'handleKeyguardVisibilityChanged(<*>)', 'mDVFSHelper.release()', 'Failed to read packet and byte counts from wifi interface',
 '<*> freed <*>, <*> free <*>, paused <*>, total <*>',
 'No listener is left', 'Process <*> exited due to signal <*> (<*>)', 'event received <*>, vendor_id = <*>, subcmd = <*>',
 'Pull for atom <*> exceeds timeout <*> nano seconds.', 'Gauge Stats puller failed for tag: <*> at <*>',
 'Unable to access: <*>', "Kill '<*>' (<*>), uid <*>, oom_score_adj <*> to free <*> rss, <*> swap; reason: <*>",
 '[<*>] disconnected from <*>', '\tat <*>', 'Failed to open <*>; errno=<*>: process <*> might have been killed',
 'Exception when unbinding service <*>', 'android.os.DeadObjectException',
 # power, display
 'Going to sleep due to <*> (uid <*>)...', 'Sleeping (uid <*>)...', 'Blocking screen off', 'Unblocked screen off after <*> ms',
 'Display device changed state: <*>, <*>', 'Waking up from sleep (uid=<*> reason=<*>)...',
 'Blocking screen on until initial contents have been drawn.', 'requestNetwork for uid/pid:<*> NetworkRequest [ <*> ]',
 'Unblocked screen on after <*> ms', 'Screen on took <*> ms',
 '[DataMsgMgr] broadcast intent callback: result=<*> forIntent { <*> }', 'Waking up from sleep...',
 'Process <*> (pid <*>) has died.', 'Lock screen displayed!',
 'Excessive delay in autosuspend_disable() while turning screen on: <*>', 'Screen acquired, type=<*> flinger=<*>',
 'Excessive delay in unblankDisplay() while turning screen on: <*>', 'mReceiver: ACTION_SCREEN_OFF / ACTION_SCREEN_ON',
 'enable(<*>)', 'Going to sleep by user request...', 'No lock screen!', 'Screen released, type=<*> flinger=<*>',
 'Excessive delay in blankDisplay() while turning screen off: <*>',
 'Event reported without a package name, eventType:<*>', 'gralloc_alloc: Creating ashmem region of size <*>',
 'eglMakeCurrent: <*>: ver <*> <*> (tinfo <*>)', 'gnssSvStatusCb: a: input svInfo.flags is <*>',
 'gnssSvStatusCb: b: input svInfo.flags is <*>', 'eglQueryContext <*>  EGL_BAD_ATTRIBUTE',
 'tid <*>: eglQueryContext(<*>): error <*> (<*>)',
 'Prev times: u=<*> s=<*> Curr times: u=<*> s=<*>',
 'batch_physical_sensor:218, <*>, period=<*>, max_latency=<*>',
 'batch_physical_sensor:227, <*>, period=<*>, max_latency=<*> request completed',
 "Brightness [<*>] reason changing to: '<*>', previous reason: '<*>'.", 'Setting power mode <*> on display <*>',
 'DisplayBase::SetDisplayState: Set state = <*>, display <*>', '@ <*>: touch gesture: received <*>: kernel releasing bus',
 'Finished setting power mode <*> on display <*>',
]
def tre(t):
    return re.compile('(?:' + '.*?'.join(re.escape(p) for p in t.split('<*>')) + r')\Z', re.S)
R = [(t, tre(t)) for t in T]
assert len(set(T)) == len(T)
def content(line):
    for h in HEADERS:
        m = h.match(line)
        if m:
            return m.group(2).rstrip()
    sys.exit('no header: ' + line)
def main(raw, outdir):
    threads, cur = [], None
    for line in open(raw, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('### '):
            cur = (line[4:], []); threads.append(cur)
        elif line.strip():
            cur[1].append(content(line))
    used = {}
    out = {'tune': [], 'heldout': []}
    for url, lines in threads:
        half = 'tune' if int(hashlib.sha1(url.encode()).hexdigest()[0], 16) % 2 == 0 else 'heldout'
        out[half].append('# ' + url)
        for c in lines:
            hits = [t for t, r in R if r.match(c)]
            if not hits:
                sys.exit('no template: %r' % c)
            best = max(hits, key=lambda t: len(t.replace('<*>', '')))
            if len([t for t in hits if len(t.replace('<*>', '')) == len(best.replace('<*>', ''))]) > 1:
                sys.exit('ambiguous: %r %r' % (c, hits))
            eid = 'A7%03d' % (T.index(best) + 1)
            used.setdefault(half, set()).add(eid)
            out[half].append('%s\t%s' % (eid, c))
        print(half, url, len(lines))
    for half in out:
        n = sum(1 for l in out[half] if not l.startswith('#'))
        with open('%s/android7_%s.tsv' % (outdir, half), 'w', encoding='utf-8') as f:
            f.write('# hand-labelled Android system logcat (session 17); see README.md\n')
            f.write('\n'.join(out[half]) + '\n')
        print(half, n, 'lines', len(used.get(half, ())), 'templates')
if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
