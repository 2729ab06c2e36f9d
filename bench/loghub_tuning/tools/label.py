#!/usr/bin/env python3
# usage: label.py RAWDIR (raw/android_tune.log ... : the excerpts with their headers, not kept here)
# Hand labelling: each line's content is matched against hand-written templates (<*> = any text);
# every line must match exactly one template.
import re, sys
def tre(t):
    parts = t.split('<*>')
    return re.compile('(?:' + '.*?'.join(re.escape(p) for p in parts) + r')\Z', re.S)
ANDROID = re.compile(r'^\S+ \S+\s+\d+\s+\d+ [VDIWEF] (.*?): (.*)$')
MAIL = re.compile(r'^\w{3} +\d+ [\d:]+ \S+ ([\w/-]+)(?:\[\d+\])?: (.*)$')
def content(line, kind):
    m = (ANDROID if kind.startswith('android') else MAIL).match(line)
    if not m: sys.exit('no header: ' + line)
    return m.group(2)
T = {}
T['android'] = [
 'dispose', 'release: The given listener does not exist in the list - probably already removed',
 'release: <*> listener(s) left', 'removeListener: Listener <*> not in the list', 'stop', 'stopAdvertising', 'stopDiscovery',
 'closeAndRemoveAllOutgoingConnections: Peer: [<no peer name> <*>]',
 'stop: Stopping all activities and killing connections',
 'isTargetState: Connectivity: <*>, discovery: <*>, is discovering: <*>, is advertising: <*> - <*> operation: <*>',
 'executeCurrentOperation: The current state already matches the desired outcome of this operation, skipping...',
 'start: Port number: <*>, start advertisements: <*>', 'bind: Binding a new listener',
 'updateConnectivityInfo: FORCED notification:', '    - is Wi-Fi Direct supported: <*>',
 '    - is Bluetooth LE multiple advertisement supported: <*>', '    - is Wi-Fi enabled: <*>', '    - is Bluetooth enabled: <*>',
 '    - BSSID name: <*>', '    - is connected/connecting to active network: <*>', '    - active network type is Wi-Fi: <*>',
 'notifyNetworkChanged: BLE: <*>, Bluetooth: <*>, Wi-Fi: <*>, cellular: <*>, BSSID name: <*>', 'start: OK',
 'executeCurrentOperation: Executing: <*> operation: <*>',
 'start: Discovery mode: <*>, start discovery: <*>, start advertiser: <*>',
 'updateConnectivityInfo: No relevant state changes',
 'Received a request for permission <*>, but we are expecting that all the required permissions have already been granted',
 'getBlePeerDiscovererInstanceAndCheckBluetoothMacAddress: Constructing...',
 'setAdvertiseSettings: Mode: <*>, Tx power level: <*>, timeout: <*>, is connectable: <*>',
 'applyAdditionalMarshmallowSettings', 'setScanSettings: Mode: <*>, report delay in milliseconds: <*>, scan result type: <*>',
 'Checking support for offloaded <*>: Storing the value (<*>) in persistent storage', 'startScanner: Starting...',
 'createScanFilter: No service UUID, use manufacturer ID: <*>', 'createScanFilter: BluetoothLeScanFilter [<*>]', 'STATE_ON',
 'registerClient() - UUID=<*>', 'onClientRegistered() - UUID=<*>, clientIf=<*>', 'onClientRegistered() - status=<*> clientIf=<*>',
 'start scan with filters', 'setState: State changed from <*> to <*>', 'onIsScannerStartedChanged: <*>', 'handling starting scan',
 'updateState: State changed from [<*>] to [<*>]', 'onBlePeerDiscovererStateChanged: [<*>] -> [<*>]',
 'getAdapterService() - returning <*>', 'updateState: State: <*>, is discovering: <*>, is advertising: <*>',
 'startBlePeerDiscoverer: OK', 'onDiscoveryManagerStateChanged: State: <*>, is discovering: <*>, is advertising: <*>',
 'isTurningOff()=<*>', 'isTurningOn()=<*>', 'isBleTurningOn()=<*>', 'isBleTurningOff()=<*>',
 'L2CAP - PSM: <*> not found for deregistration', 'Cleaning up Bluetooth <*> Interface...', 'Cleaning up Bluetooth <*> object',
 'Cleaning up Bluetooth <*> callback object',
 'btif_in_execute_service_request: Unknown service being enabled', 'Setting iface cfg', 'MAP Service closeService in',
 'MAP Service shutdown', 'shutdown(block = <*>)', 'AcceptThread ended for: ServerSocket: Type: <*> Channel: <*>',
 'shutdown called from another thread - interrupt().', 'SOCK_LIST: free(id = <*>) - NO app_fd!',
 'Read error: ssl=<*>: I/O error during system call, <*>', 'SSL shutdown failed: ssl=<*>: I/O error during system call, <*>',
 'Current state: <*>, message: <*>', 'Setting state to <*>', 'Bluetooth adapter state changed: <*>-> <*>',
 'onBluetoothStateChange: up=<*>', 'Entering <*>', 'cleanup()', 'stopping Accept Thread',
 'Error accept connection java.io.IOException: read failed, socket might closed or timeout, read ret: <*>',
 'BluetoothSocket listen thread finished', 'onBluetoothStateChange on: <*>',
 'NetworkAgentInfo [<*>] EVENT_NETWORK_INFO_CHANGED, going from <*> to <*>',
 'NetworkAgentInfo [<*>] got <*>, was satisfying <*>', 'Reading a NULL string not supported here.', 'onBleDisable',
 'event_shut_down_stack is bringing down the stack.', 'bta_dm_disable BTA_DISABLE_DELAY set to <*>',
 'bta_sys_stop_timer expected alarm was not in bta alarm hash map.', 'Scan Mode:<*>',
 # held-out part
 'updateConnectivityInfo: State changed:', 'Start Disconnecting Watchdog <*>', 'stopRssiMonitoring, cmdId <*>', 'do suspend <*>',
 'notifyType <*> for NetworkAgentInfo [<*>]', 'Receive thread stopped', 'ClassLoader referenced unknown path: <*>',
 'runCmd(<*>) res_ipv4=<*>, res_ipv6=<*>', 'Received Bluetooth event: Intent { <*> }.', 'Added callback: <*>',
 'Clearing all IP addresses on <*>', 'Sending <*> broadcast for type <*> NetworkAgentInfo [<*>] isDefaultNetwork=<*>',
 'sendStickyBroadcast: action=<*>', 'Start proc <*> for <*> <*>', 'Retrieve network priorities before PNO. Max priority: <*>',
 'MasterInitialState.processMessage what=<*>', '<*> generated event: Broadcast received with context <*> and intent Intent { <*> }',
 'Retrieve network priorities after PNO.', 'Setting <*> has moved from <*> to <*>, returning read-only value.',
 'NetworkAgent: NetworkAgent channel lost', 'Adding local <*> profile', 'Create BluetoothMap proxy object',
 'LocalBluetoothProfileManager construction complete', 'finishStartingService: stopping service',
 'Killing <*> (adj <*>): <*>', 'netlink response contains error (<*>)', 'EVENT_NETWORK_INFO_CHANGED from unknown NetworkAgent',
 'shut_down', 'START u0 {<*>} from uid <*> on display <*>', 'Shutting down VM', 'v2', 'Abort, client detached.',
 'mic_close <*>', 'Error <*> during AudioRecord native read', 'disable_audio_route: reset and update mixer path: <*>',
]
T['android2'] = [
 '<*>-<*> <*> <*> <*> <*>',  # one printf: the memory map line, with or without a name
 'No timezone override file found: <*>', 'register_android_hardware_Radio DONE', 'AffinityControl: registerfunction enter',
 'Calling main entry <*>', 'getTopLevelResources: <*> / <*> running in <*> rsrc of package <*>', 'mDVFSHelper.acquire()',
 'addAppToken: AppWindowToken{<*>} to stack=<*> task=<*> at <*>', 'Metadata value : <*>', '#<*> mView = <*>',
 'InputChannelName : <*>', 'KNOX_SDCARD checking this for <*>', 'KNOX_SDCARD not a persona',
 'Function: selinux_compare_spd_ram, index[<*>], SPD-policy is existed. and_ver=<*> ver=<*>',
 'id=<*> createSurf (<*>),<*> flag=<*>, <*>',
 'Function: selinux_compare_spd_ram, index[<*>], priority [<*>], priority version is VE=<*>', 'accessInfo : <*>',
 'SELinux: seapp_context_lookup: seinfo=<*>, level=<*>, pkgname=<*>', 'MSG_RESIZED_REPORT: ci=<*> vi=<*> or=<*>',
 'Focused application set to: <*>', 'Focus left window: <*>',
 'isUidForegroundLocked: <*>, mScreenOn: <*>, uidstate: <*>, mProxSensorScreenOff: <*>',
 'manageDisableList userId=<*> what=<*> pkg=<*>', 'setSystemUiVisibility vis=<*> mask=<*> oldVal=<*> newVal=<*> diff=<*>',
 'TimaSignature is unavailable', 'Added TimaKeyStore provider', 'setCurrentAppOrientation :<*>',
 'rotationForOrientationLw(orient=<*>, last=<*>); user=<*>  sensorRotation=<*> mLidState=<*> mDockMode=<*> mHdmiPlugged=<*> mMobileKeyboardEnabled=<*> displayId=<*>',
 'Finishing drawing window <*>: mDrawState=<*>', 'setMouseIconStyle1 pointerType: <*> iconType:<*> flag:<*> pid:<*> uid:<*>',
 'setMouseCustomIcon IconType is same.<*>', 'setHoveringSpenIconStyle1 pointerType: <*> iconType:<*> flag:<*> pid:<*> uid:<*>',
 'setHoveringSpenCustomIcon IconType is same.<*>', ' Launching <*>, updated priority', 'eglInitialize EGLDisplay = <*>',
 'updatePackagesScore PackageInfo name -- <*>', 'HWUI Protection: wrong call from hwui context <*>',
 '<*> surface texture was stored', 'eglTerminate EGLDisplay = <*>', 'id=<*> Removed <*> (<*>)',
 'updateVisibility : ActivityRecord{<*>} show : <*>', '[<*>] Surface widget visibility changed visibility = <*> on instance = <*>',
 'onTrimMemory. Level: <*>', 'SIOP:: AP = <*>, PST = <*>, CUR = <*>, LCD = <*>',
 'returning getNetworkInfo for network type <*> : [<*>]', 'Loading <*> version <*> (code <*>)',
 'ClassLoader referenced unknown path: <*>', 'Time to load native libraries: <*> ms (timestamps <*>)',
 'Expected native library version number <*>, actual native library version number <*>',
 'Background partial concurrent mark sweep GC freed <*> AllocSpace objects, <*> LOS objects, <*> free, <*>, paused <*> total <*>',
 'Binding Chromium to main looper Looper (<*>) {<*>}', '[<*>] Chromium logging enabled: level = <*>, default verbosity = <*>',
 'Initializing chromium process, singleProcess=<*>', 'remove failed: <*> (No such file or directory) : <*>',
 'OpenGL ES Shader Compiler Version: <*>', 'Build Date: <*>', 'Local Branch: <*>', 'Remote Branch:<*>', 'Local Patches:<*>',
 'The following uid has registered to recieve broadcast for proxy related updates <*>',
 'Calling a method in the system process without a qualified user: <*>', '[<*>] Constructor',
 'onDetachedFromWindow called when already detached. Ignoring', '[<*>] onViewFocusChanged: gainFocus [<*>]', '[<*>] hideKeyboard',
 '[<*>] isActive: <*>', 'CordovaWebView is running on device made by: <*>', 'Use EGL_SWAP_BEHAVIOR_PRESERVED: <*>',
]
T['mail'] = [
 'imap-login: Login: user=<<*>>, method=<*>, rip=<*>, lip=<*>, secured', 'IMAP(<*>): Disconnected: Logged out',
 '<*>: from=<<*>>, size=<*>, nrcpt=<*> (queue active)',
 '<*>: to=<<*>>, relay=<*>, delay=<*>, delays=<*>, dsn=<*>, status=<*> (<*>)',
 'connect from <*>', '<*>: client=<*>', '<*>: message-id=<<*>>', 'disconnect from <*>',
 'refreshing the Postfix mail system', 'reload configuration <*>', '<*>: skipped, still being delivered',
 'dict_lookup: <*> = <*>', 'mac_parse: <*>', 'dict_eval: const  <*>', 'dict_update: <*> = <*>', 'name_mask: <*>',
]
def label(kind, path, out):
    pats = [(i, t, tre(t)) for i, t in enumerate(T[kind])]
    used = set()
    with open(path) as f, open(out, 'w') as o:
        o.write('# EventId\tContent (hand-labelled; see README.md)\n')
        for line in f:
            line = line.rstrip('\n')
            if not line: continue
            c = content(line, kind)
            hits = [(i, t) for i, t, r in pats if r.match(c)]
            # the most specific template wins when a generic one also matches (fewest <*>, then longest text)
            if not hits: sys.exit('unlabelled: ' + c)
            hits.sort(key=lambda h: (h[1].count('<*>'), -len(h[1])))
            if len(hits) > 1 and hits[0][1].count('<*>') == hits[1][1].count('<*>') and len(hits[0][1]) == len(hits[1][1]):
                sys.exit('ambiguous: ' + c + ' ' + repr(hits[:2]))
            used.add(hits[0][0])
            o.write('%s%03d\t%s\n' % (kind[0].upper() + kind[1:].strip('androidmail'), hits[0][0] + 1, c))
    return used
for kind, src, dst in [('android', 'raw/android_tune.log', 'android_tune.tsv'),
                       ('android', 'raw/android_heldout.log', 'android_heldout.tsv'),
                       ('mail', 'raw/mail_heldout.log', 'mail_heldout.tsv'),
                       ('android2', 'raw/android2_tune.log', 'android2_tune.tsv')]:
    u = label(kind, sys.argv[1] + '/' + src, dst)
    print(dst, len(u), 'templates used')
