/**
 * Every localized word the slmgr/ospp parser knows lives in this file: field labels,
 * fixed lines, status names, `/xpr` sentences, value words (enabled, low, All, not
 * available), AM/PM markers, and the `Error:` / `Activating` words.
 *
 * How far each language can be trusted is LANGUAGE_CONFIDENCE below (codes from
 * ../../../shared/reference/slmgr-labels.md). The parser never depends on a label
 * alone: unknown labels fall back on value shapes and line order (infer.ts).
 *
 * Matching ignores case, whitespace and a trailing colon, so `扩展 PID：` and
 * `扩展PID:` are the same label.
 */
import type { LicenseState } from '../../model/facts.js';

export type FieldKey =
  | 'serviceVersion'
  | 'name'
  | 'description'
  | 'additionalInfo'
  | 'activationId'
  | 'applicationId'
  | 'extendedPid'
  | 'keyChannel'
  | 'installationId'
  | 'url'
  | 'partialKey'
  | 'licenseStatus'
  | 'volumeExpiration'
  | 'timebasedExpiration'
  | 'avmaExpiration'
  | 'timeRemaining'
  | 'notificationReason'
  | 'evaluationEndDate'
  | 'rearmWindows'
  | 'rearmApp'
  | 'rearmSku'
  | 'trustedTime'
  | 'activationType'
  | 'cmid'
  | 'srvDomain'
  | 'registeredHost'
  | 'dnsHost'
  | 'dnsAutoDiscovery'
  | 'hostIp'
  | 'hostPid'
  | 'activationInterval'
  | 'renewalInterval'
  | 'hostCaching'
  | 'currentCount'
  | 'listeningPort'
  | 'kmsPriority'
  | 'requestsTotal'
  | 'requestsFailed'
  | 'requestsUnlicensed'
  | 'requestsLicensed'
  | 'requestsInitialGrace'
  | 'requestsExpiredOrHwid'
  | 'requestsNonGenuineGrace'
  | 'requestsNotification'
  | 'aoName'
  | 'aoDn'
  | 'aoPid'
  | 'aoActivationId'
  | 'tokenIlid'
  | 'tokenIlvid'
  | 'tokenGrantNumber'
  | 'tokenThumbprint'
  | 'guestIaid'
  | 'avmaHostName'
  | 'avmaActivationTime'
  | 'avmaHostPid2'
  // ospp /dstatus
  | 'osppProductId'
  | 'osppSkuId'
  | 'osppName'
  | 'osppDescription'
  | 'osppBetaExpiration'
  | 'osppStatus'
  | 'osppErrorCode'
  | 'osppErrorDescription'
  | 'osppRemainingGrace'
  | 'osppLast5'
  | 'osppActivationType'
  | 'osppRegistryOverride';

export type FixedLine =
  | 'notInUse'
  | 'recentActivationHeader'
  | 'kmsClientHeader'
  | 'adClientHeader'
  | 'tokenHeader'
  | 'avmaHeader'
  | 'cachingEnabled'
  | 'cachingDisabled'
  | 'kmsHostEnabled'
  | 'dnsPublishingEnabled'
  | 'dnsPublishingDisabled'
  | 'cumulativeHeader'
  | 'pleaseUseAto'
  | 'activatedOk'
  | 'osppActivatedOk'
  | 'osppProcessing'
  | 'osppSeparator'
  | 'osppExiting'
  | 'osppAttempting'
  | 'permanentlyActivated'
  | 'commandCompleted';

type Lang = 'en' | 'zh-CN' | 'zh-TW' | 'de' | 'fr' | 'es' | 'ru' | 'ja' | 'it';
type Localized = Partial<Record<Lang, readonly string[]>>;

/**
 * Where each language's words come from (shared/reference/slmgr-labels.md codes):
 * R = real text output, I = a screenshot of real output, S+ = a resource file whose
 * zh-CN sibling matches real output line for line, S = match strings in someone's
 * parser, Q = quoted in prose, U = unverified (written from knowledge of the
 * string tables, no public source found).
 */
export const LANGUAGE_CONFIDENCE: Record<Lang, string> = {
  en: 'R: slmgr.vbs L_Msg* strings and the real samples in fixtures/slmgr/en',
  'zh-CN': 'R where fixtures/slmgr/zh-hans shows it, S+ for the rest (cjhdevact/slmgr-cs Strings.zh-CN.resx)',
  'zh-TW': 'S+: cjhdevact/slmgr-cs Strings.zh-TW.resx (no real zh-TW output seen)',
  ja: 'I for the /dlv labels (jpwinsup blog screenshot), Q for /xpr sentences, U for the rest (KMS client block, /ato)',
  de: 'S for Lizenzstatus, Benachrichtigung(sgrund), zeitbegrenzte Aktivierung, Rearm-Anzahl, Product Key-Kanal (Check-WindowsLizenz.ps1); U for the rest',
  ru: 'S for Состояние лицензии: имеет лицензию, Q for Частичный ключ продукта; U for the rest',
  es: 'S for Estado de la licencia: con licencia; U for the rest',
  fr: 'U: no public source found',
  it: 'Q: /xpr permanent activation only',
};

const FIELD_LABELS: Record<FieldKey, Localized> = {
  serviceVersion: {
    en: ['Software licensing service version'],
    'zh-CN': ['软件授权服务版本', '软件授权服务器版本'],
    'zh-TW': ['軟體授權服務版本'],
    de: ['Softwarelizenzierungsdienst-Version', 'Version des Softwarelizenzierungsdienstes'],
    fr: ['Version du service de gestion des licences logicielles'],
    es: ['Versión del servicio de licencias de software'],
    ru: ['Версия службы лицензирования программного обеспечения'],
    ja: ['ソフトウェア ライセンス サービス バージョン'], // I
  },
  name: { en: ['Name'], 'zh-CN': ['名称'], 'zh-TW': ['名稱'], de: ['Name'], fr: ['Nom'], es: ['Nombre'], ru: ['Имя', 'Название'], ja: ['名前'] },
  description: {
    en: ['Description'],
    'zh-CN': ['描述'],
    'zh-TW': ['描述'],
    de: ['Beschreibung'],
    fr: ['Description'],
    es: ['Descripción'],
    ru: ['Описание'],
    ja: ['説明'],
  },
  additionalInfo: { en: ['Additional Information'], de: ['Zusätzliche Informationen'] },
  activationId: {
    en: ['Activation ID'],
    'zh-CN': ['激活 ID'],
    'zh-TW': ['啟用識別碼', '啟用 ID'],
    de: ['Aktivierungs-ID'],
    fr: ["ID d'activation", 'ID d’activation'],
    es: ['Id. de activación', 'Identificador de activación'],
    ru: ['Код активации', 'ИД активации'],
    ja: ['アクティベーション ID', 'ライセンス認証 ID'],
  },
  applicationId: {
    en: ['Application ID'],
    'zh-CN': ['应用程序 ID'],
    'zh-TW': ['應用程式識別碼', '應用程式 ID'],
    de: ['Anwendungs-ID'],
    fr: ["ID d'application", 'ID d’application'],
    es: ['Id. de aplicación', 'Identificador de aplicación'],
    ru: ['Код приложения', 'ИД приложения'],
    ja: ['アプリケーション ID'],
  },
  extendedPid: {
    en: ['Extended PID'],
    'zh-CN': ['扩展 PID'],
    'zh-TW': ['擴充 PID'],
    de: ['Erweiterte PID'],
    fr: ['PID étendu'],
    es: ['PID extendido'],
    ru: ['Расширенный PID', 'Расширенный код продукта'],
    ja: ['拡張 PID'],
  },
  keyChannel: {
    en: ['Product Key Channel'],
    'zh-CN': ['产品密钥通道'],
    'zh-TW': ['產品金鑰通道'],
    de: ['Product Key-Kanal', 'Produktschlüsselkanal'],
    fr: ['Canal de clé de produit', 'Canal de la clé de produit'],
    es: ['Canal de clave de producto'],
    ru: ['Канал ключа продукта'],
    ja: ['プロダクト キー チャネル'],
  },
  installationId: {
    en: ['Installation ID'],
    'zh-CN': ['安装 ID'],
    'zh-TW': ['安裝識別碼', '安裝 ID'],
    de: ['Installations-ID'],
    fr: ["ID d'installation", 'ID d’installation'],
    es: ['Id. de instalación'],
    ru: ['Код установки', 'ИД установки'],
    ja: ['インストール ID'],
  },
  url: {
    en: ['Processor Certificate URL', 'Machine Certificate URL', 'Use License URL', 'Product Key Certificate URL', 'Validation URL'],
    'zh-TW': ['使用憑證 URL', '驗證 URL'],
    ja: ['使用ライセンス URL', '検証 URL'], // I
    de: ['Verwendungslizenz-URL', 'Validierungs-URL', 'Computerzertifikat-URL', 'Product Key-Zertifikat-URL', 'Prozessorzertifikat-URL'],
    fr: ["URL de licence d'utilisation", 'URL de validation'],
    es: ['Dirección URL de licencia de uso', 'Dirección URL de validación'],
    ru: ['URL-адрес лицензии на использование', 'URL-адрес проверки'],
  },
  partialKey: {
    en: ['Partial Product Key'],
    'zh-CN': ['部分产品密钥'],
    'zh-TW': ['部分產品金鑰'],
    de: ['Teil-Product Key', 'Teilweiser Product Key', 'Teilproduktschlüssel'],
    fr: ['Clé de produit partielle'],
    es: ['Clave de producto parcial'],
    ru: ['Частичный ключ продукта'],
    ja: ['プロダクト キーの一部', '部分プロダクト キー'],
  },
  licenseStatus: {
    en: ['License Status'],
    'zh-CN': ['许可证状态'],
    'zh-TW': ['授權狀態'],
    de: ['Lizenzstatus'],
    fr: ['État de la licence', 'Statut de la licence'],
    es: ['Estado de la licencia'],
    ru: ['Состояние лицензии'],
    ja: ['ライセンスの状態'],
  },
  volumeExpiration: {
    en: ['Volume activation expiration'],
    'zh-CN': ['批量激活过期'],
    'zh-TW': ['大量啟用到期'],
    de: ['Ablauf der Volumenaktivierung'],
    fr: ["Expiration de l'activation en volume", 'Expiration de l’activation en volume'],
    es: ['Expiración de la activación por volumen'],
    ru: ['Окончание срока активации тома', 'Истечение срока корпоративной активации'],
    ja: ['ボリューム ライセンス認証の有効期限'],
  },
  timebasedExpiration: {
    en: ['Timebased activation expiration'],
    'zh-CN': ['基于时间的激活过期'],
    'zh-TW': ['以時間為基礎的啟用到期'],
    de: ['Ablauf der zeitbegrenzten Aktivierung'], // S
    fr: ["Expiration de l'activation basée sur le temps"],
    es: ['Expiración de la activación basada en tiempo'],
    ru: ['Окончание срока активации по времени'],
    ja: ['期間ベースのライセンス認証の有効期限'],
  },
  avmaExpiration: {
    en: ['Automatic VM activation expiration'],
    'zh-CN': ['自动 VM 激活过期'],
    'zh-TW': ['虛擬機器自動啟用到期時間'],
    de: ['Ablauf der automatischen VM-Aktivierung'],
  },
  timeRemaining: {
    en: ['Time remaining'],
    'zh-CN': ['剩余时间'],
    'zh-TW': ['剩餘時間'],
    de: ['Verbleibende Zeit'],
    fr: ['Temps restant'],
    es: ['Tiempo restante'],
    ru: ['Оставшееся время'],
    ja: ['残り時間'],
  },
  notificationReason: {
    en: ['Notification Reason'],
    'zh-CN': ['通知原因'],
    'zh-TW': ['通知原因'],
    de: ['Benachrichtigungsgrund'],
    fr: ['Raison de la notification'],
    es: ['Motivo de notificación'],
    ru: ['Причина уведомления'],
    ja: ['通知の理由'],
  },
  evaluationEndDate: {
    en: ['Evaluation End Date'],
    'zh-CN': ['评估结束日期'],
    'zh-TW': ['評估結束日期'],
    de: ['Enddatum der Testphase', 'Ende des Evaluierungszeitraums'],
    fr: ["Date de fin d'évaluation"],
    es: ['Fecha de finalización de la evaluación'],
    ru: ['Дата окончания ознакомительного периода'],
    ja: ['評価終了日'],
  },
  rearmWindows: {
    en: ['Remaining Windows rearm count'],
    'zh-CN': ['剩余 Windows 重置计数'],
    'zh-TW': ['剩餘 Windows 重設計數'],
    // S: German prints this one label for both the Windows and the SKU rearm count (fields.ts reads the second as SKU).
    de: ['Verbleibende Windows Rearm-Anzahl'],
    fr: ['Nombre de réarmements Windows restants'],
    es: ['Recuento de rearmes restantes de Windows', 'Número de rearmes restantes de Windows'],
    ru: ['Оставшееся число сбросов активации Windows', 'Оставшееся число возвратов Windows'],
    ja: ['残りの Windows 猶予期限リセット可能回数'], // I
  },
  rearmApp: {
    en: ['Remaining App rearm count'],
    'zh-CN': ['剩余应用程序重置计数'],
    'zh-TW': ['剩餘應用程式重設計數'],
    de: ['Verbleibende Anzahl der App-Rückstellungen'],
    fr: ["Nombre de réarmements d'application restants"],
    es: ['Recuento de rearmes restantes de la aplicación'],
    ru: ['Оставшееся число сбросов активации приложения'],
    ja: ['残りのアプリ再設定カウント'],
  },
  rearmSku: {
    en: ['Remaining SKU rearm count'],
    'zh-CN': ['剩余 SKU 重置计数'],
    'zh-TW': ['剩餘 SKU 重設計數'],
    fr: ['Nombre de réarmements de SKU restants', 'Nombre de réarmements SKU restants'],
    es: ['Recuento de rearmes restantes de SKU', 'Número de rearmes restantes de SKU'],
    ru: ['Оставшееся число сбросов активации SKU', 'Оставшееся число возвратов SKU'],
    ja: ['残りの SKU 猶予期限リセット可能回数'], // I
  },
  trustedTime: {
    en: ['Trusted time'],
    'zh-CN': ['受信任的时间', '信任时间'],
    'zh-TW': ['信任時間', '受信任的時間'],
    de: ['Vertrauenswürdige Zeit'],
    fr: ['Heure approuvée', 'Heure de confiance'],
    es: ['Hora de confianza'],
    ru: ['Доверенное время'],
    ja: ['信頼された時間'], // I
  },
  activationType: {
    en: ['Configured Activation Type'],
    'zh-CN': ['已配置的激活类型'],
    'zh-TW': ['已設定的啟用類型'],
    de: ['Konfigurierter Aktivierungstyp'],
    fr: ["Type d'activation configuré", 'Type d’activation configuré'],
    es: ['Tipo de activación configurado'],
    ru: ['Настроенный тип активации'],
    ja: ['構成されたライセンス認証の種類'],
  },
  cmid: {
    en: ['Client Machine ID (CMID)'],
    'zh-CN': ['客户端计算机 ID (CMID)'],
    'zh-TW': ['用戶端電腦識別碼 (CMID)'],
    de: ['Clientcomputer-ID (CMID)'],
    fr: ["ID de l'ordinateur client (CMID)", 'ID de l’ordinateur client (CMID)'],
    es: ['Id. de equipo cliente (CMID)'],
    ru: ['Код клиентского компьютера (CMID)', 'Идентификатор клиентского компьютера (CMID)'],
    ja: ['クライアント コンピューター ID (CMID)'],
  },
  srvDomain: {
    en: ['Registered KMS SRV record lookup domain'],
    'zh-CN': ['已注册的 KMS SRV 记录查找域'],
    de: ['Registrierte Suchdomäne für KMS-SRV-Einträge'],
  },
  registeredHost: {
    en: ['Registered KMS machine name'],
    'zh-CN': ['已注册的 KMS 计算机名称'],
    'zh-TW': ['已登錄的 KMS 電腦名稱'],
    de: ['Registrierter KMS-Computername'],
    fr: ["Nom de l'ordinateur KMS inscrit", 'Nom de l’ordinateur KMS inscrit'],
    es: ['Nombre de equipo KMS registrado'],
    ru: ['Зарегистрированное имя KMS-компьютера'],
    ja: ['登録された KMS コンピューター名'],
  },
  dnsHost: {
    en: ['KMS machine name from DNS'],
    'zh-CN': ['来自 DNS 的 KMS 计算机名称'],
    'zh-TW': ['來自 DNS 的 KMS 電腦名稱'],
    de: ['KMS-Computername aus DNS'],
    fr: ["Nom de l'ordinateur KMS à partir du DNS", 'Nom de l’ordinateur KMS à partir du DNS'],
    es: ['Nombre de equipo KMS desde DNS'],
    ru: ['Имя KMS-компьютера из DNS'],
    ja: ['DNS からの KMS コンピューター名'],
  },
  dnsAutoDiscovery: {
    en: ['DNS auto-discovery'],
    'zh-CN': ['DNS 自动发现'],
    'zh-TW': ['DNS 自動探索'],
    de: ['Automatische DNS-Erkennung'],
    fr: ['Découverte automatique DNS'],
    es: ['Detección automática de DNS'],
    ru: ['Автообнаружение DNS'],
    ja: ['DNS 自動検出'],
  },
  hostIp: {
    en: ['KMS machine IP address'],
    'zh-CN': ['KMS 计算机 IP 地址'],
    'zh-TW': ['KMS 電腦 IP 位址'],
    de: ['IP-Adresse des KMS-Computers'],
    fr: ["Adresse IP de l'ordinateur KMS", 'Adresse IP de l’ordinateur KMS'],
    es: ['Dirección IP de equipo KMS'],
    ru: ['IP-адрес KMS-компьютера'],
    ja: ['KMS コンピューターの IP アドレス'],
  },
  hostPid: {
    en: ['KMS machine extended PID'],
    'zh-CN': ['KMS 计算机扩展的 PID', 'KMS 计算扩展的 PID'],
    'zh-TW': ['KMS 電腦擴充的 PID'],
    de: ['Erweiterte PID des KMS-Computers'],
    fr: ["PID étendu de l'ordinateur KMS", 'PID étendu de l’ordinateur KMS'],
    es: ['PID extendido de equipo KMS'],
    ru: ['Расширенный PID KMS-компьютера'],
    ja: ['KMS コンピューターの拡張 PID'],
  },
  activationInterval: {
    en: ['Activation interval'],
    'zh-CN': ['激活间隔', '激活时间间隔'],
    'zh-TW': ['啟用時間間隔'],
    de: ['Aktivierungsintervall'],
    fr: ["Intervalle d'activation", 'Intervalle d’activation'],
    es: ['Intervalo de activación'],
    ru: ['Интервал активации'],
    ja: ['ライセンス認証の間隔'],
  },
  renewalInterval: {
    en: ['Renewal interval'],
    'zh-CN': ['续订间隔'],
    'zh-TW': ['續約間隔'],
    de: ['Erneuerungsintervall', 'Verlängerungsintervall'],
    fr: ['Intervalle de renouvellement'],
    es: ['Intervalo de renovación'],
    ru: ['Интервал продления'],
    ja: ['更新間隔'],
  },
  hostCaching: { en: ['KMS host caching'] },
  currentCount: {
    en: ['Current count'],
    'zh-CN': ['当前计数'],
    'zh-TW': ['目前計數'],
    de: ['Aktuelle Anzahl'],
    fr: ['Nombre actuel'],
    es: ['Recuento actual'],
    ru: ['Текущее количество'],
    ja: ['現在のカウント'],
  },
  listeningPort: {
    en: ['Listening on Port'],
    'zh-CN': ['侦听端口'],
    'zh-TW': ['在下列連接埠上接聽'],
    de: ['Überwachungsport', 'Lauschender Port'],
    fr: ["Port d'écoute"],
    es: ['Puerto de escucha'],
    ru: ['Порт прослушивания'],
    ja: ['リッスン ポート'],
  },
  kmsPriority: {
    en: ['KMS priority'],
    'zh-CN': ['KMS 优先级'],
    'zh-TW': ['KMS 優先順序'],
    de: ['KMS-Priorität'],
    fr: ['Priorité KMS'],
    es: ['Prioridad de KMS'],
    ru: ['Приоритет KMS'],
    ja: ['KMS の優先度'],
  },
  requestsTotal: { en: ['Total requests received'], 'zh-CN': ['已收到的请求总数'], 'zh-TW': ['接收到的總要求數'], de: ['Empfangene Anforderungen insgesamt'] },
  requestsFailed: {
    en: ['Failed requests received'],
    'zh-CN': ['已收到的失败请求数'],
    'zh-TW': ['接收到的失敗要求數'],
    de: ['Empfangene fehlgeschlagene Anforderungen'],
  },
  requestsUnlicensed: { en: ['Requests with License Status Unlicensed'] },
  requestsLicensed: { en: ['Requests with License Status Licensed'], 'zh-TW': ['授權狀態為已授權的要求數'] },
  requestsInitialGrace: { en: ['Requests with License Status Initial grace period'] },
  requestsExpiredOrHwid: { en: ['Requests with License Status License expired or Hardware out of tolerance'] },
  requestsNonGenuineGrace: { en: ['Requests with License Status Non-genuine grace period'] },
  requestsNotification: { en: ['Requests with License Status Notification'], 'zh-TW': ['含授權狀態通知要求'] },
  aoName: { en: ['Activation Object name'] },
  aoDn: { en: ['AO DN'] },
  aoPid: { en: ['AO extended PID'] },
  aoActivationId: { en: ['AO activation ID'] },
  tokenIlid: { en: ['License ID (ILID)'] },
  tokenIlvid: { en: ['Version ID (ILvID)'] },
  tokenGrantNumber: { en: ['Grant Number'] },
  tokenThumbprint: { en: ['Certificate Thumbprint'] },
  guestIaid: { en: ['Guest IAID'] },
  avmaHostName: { en: ['Host machine name'] },
  avmaActivationTime: { en: ['Activation time'] },
  avmaHostPid2: { en: ['Host Digital PID2'] },
  // ospp.vbs prints English on every Windows language; the zh-CN entries are Office Tool Plus.
  osppProductId: { en: ['PRODUCT ID'] },
  osppSkuId: { en: ['SKU ID'] },
  osppName: { en: ['LICENSE NAME'], 'zh-CN': ['许可证名称'] },
  osppDescription: { en: ['LICENSE DESCRIPTION'], 'zh-CN': ['许可证说明'] },
  osppBetaExpiration: { en: ['BETA EXPIRATION'] },
  osppStatus: { en: ['LICENSE STATUS'] },
  osppErrorCode: { en: ['ERROR CODE'], 'zh-CN': ['错误代码'] },
  osppErrorDescription: { en: ['ERROR DESCRIPTION'], 'zh-CN': ['错误信息'] },
  osppRemainingGrace: { en: ['REMAINING GRACE'] },
  osppLast5: { en: ['Last 5 characters of installed product key'], 'zh-CN': ['产品密钥的最后五个字符'] },
  osppActivationType: { en: ['Activation Type Configuration'] },
  osppRegistryOverride: { en: ['KMS machine registry override defined'] },
};

const FIXED_LINES: Record<FixedLine, Localized> = {
  notInUse: {
    en: ['This license is not in use.'],
    'zh-CN': ['此许可证未被使用。', '此许可证未使用。'],
    'zh-TW': ['此授權未使用。'],
    de: ['Diese Lizenz wird nicht verwendet.'],
    fr: ["Cette licence n'est pas utilisée.", 'Cette licence n’est pas utilisée.'],
    es: ['Esta licencia no está en uso.'],
    ru: ['Эта лицензия не используется.'],
    ja: ['このライセンスは使用されていません。'],
  },
  recentActivationHeader: {
    en: ['Most recent activation information:'],
    'zh-CN': ['最新激活信息', '最近的激活信息'],
    'zh-TW': ['最新啟用資訊'],
    de: ['Letzte Aktivierungsinformationen', 'Neueste Aktivierungsinformationen'],
    fr: ["Informations d'activation les plus récentes", 'Informations d’activation les plus récentes'],
    es: ['Información de activación más reciente'],
    ru: ['Последние сведения об активации'],
    ja: ['最新のライセンス認証情報'],
  },
  kmsClientHeader: {
    en: ['Key Management Service client information'],
    'zh-CN': ['密钥管理服务客户端信息'],
    'zh-TW': ['金鑰管理服務用戶端資訊'],
    de: ['Informationen zum Schlüsselverwaltungsdienst-Client', 'Clientinformationen des Schlüsselverwaltungsdiensts'],
    fr: ['Informations sur le client du service de gestion de clés'],
    es: ['Información de cliente del Servicio de administración de claves'],
    ru: ['Сведения о клиенте службы управления ключами'],
    ja: ['キー管理サービス クライアント情報'],
  },
  adClientHeader: { en: ['AD Activation client information'] },
  tokenHeader: { en: ['Token-based Activation information'] },
  avmaHeader: { en: ['Automatic VM Activation client information'] },
  cachingEnabled: {
    en: ['KMS host caching is enabled'],
    'zh-CN': ['已启用 KMS 主机缓存'],
    'zh-TW': ['已啟用 KMS 主機快取'],
    de: ['KMS-Hostzwischenspeicherung ist aktiviert'],
    fr: ["La mise en cache de l'hôte KMS est activée", 'La mise en cache de l’hôte KMS est activée'],
    es: ['El almacenamiento en caché de host KMS está habilitado'],
    ru: ['Кэширование узла KMS включено'],
    ja: ['KMS ホスト キャッシュが有効です'],
  },
  cachingDisabled: {
    en: ['KMS host caching is disabled'],
    'zh-CN': ['已禁用 KMS 主机缓存'],
    'zh-TW': ['已停用 KMS 主機快取'],
    de: ['KMS-Hostzwischenspeicherung ist deaktiviert'],
    fr: ["La mise en cache de l'hôte KMS est désactivée", 'La mise en cache de l’hôte KMS est désactivée'],
    es: ['El almacenamiento en caché de host KMS está deshabilitado'],
    ru: ['Кэширование узла KMS отключено'],
    ja: ['KMS ホスト キャッシュが無効です'],
  },
  kmsHostEnabled: {
    en: ['Key Management Service is enabled on this machine'],
    'zh-CN': ['已在此计算机上启用密钥管理服务'],
    'zh-TW': ['金鑰管理服務已在此電腦上啟用'],
    de: ['Der Schlüsselverwaltungsdienst ist auf diesem Computer aktiviert'],
  },
  dnsPublishingEnabled: { en: ['DNS publishing enabled'], 'zh-CN': ['已启用 DNS 发布'], de: ['DNS-Veröffentlichung aktiviert'] },
  dnsPublishingDisabled: { en: ['DNS publishing disabled'], 'zh-CN': ['已禁用 DNS 发布'], de: ['DNS-Veröffentlichung deaktiviert'] },
  cumulativeHeader: {
    en: ['Key Management Service cumulative requests received from clients'],
    'zh-CN': ['密钥管理服务从客户端收到的累计请求'],
  },
  pleaseUseAto: {
    en: ['Please use slmgr.vbs /ato to activate and update KMS client information in order to update values.'],
  },
  activatedOk: {
    en: ['Product activated successfully.'],
    'zh-CN': ['成功地激活了产品。'],
    'zh-TW': ['已成功啟用產品。'],
    de: ['Das Produkt wurde erfolgreich aktiviert.', 'Produkt wurde erfolgreich aktiviert.'],
    fr: ['Le produit a été activé.', 'Produit activé.'],
    es: ['El producto se activó correctamente.', 'Producto activado correctamente.'],
    ru: ['Продукт успешно активирован.', 'Активация выполнена успешно.'],
    ja: ['製品のライセンス認証に成功しました。'],
  },
  osppActivatedOk: { en: ['<Product activation successful>'] },
  osppProcessing: { en: ['---Processing--------------------------'] },
  osppSeparator: { en: ['---------------------------------------'] },
  osppExiting: { en: ['---Exiting-----------------------------'] },
  osppAttempting: { en: ['Installed product key detected - attempting to activate the following product:'] },
  permanentlyActivated: {
    en: ['The machine is permanently activated.'],
    'zh-CN': ['计算机已永久激活。'],
    'zh-TW': ['電腦已永久啟用。'],
    de: ['Der Computer ist dauerhaft aktiviert.'],
    fr: ["L'ordinateur est activé de façon permanente.", 'L’ordinateur est activé de façon permanente.'],
    es: ['La máquina está activada de forma permanente.'],
    ru: ['Компьютер активирован постоянно.', 'Постоянная активация компьютера.'],
    // Q: two blogs quote different sentences; neither is a paste of the dialog.
    ja: ['コンピューターのライセンス認証は完了しました', 'このマシンは永久にライセンス認証されています'],
    it: ['Il computer è attivato definitivamente.'], // Q
  },
  commandCompleted: { en: ['Command completed successfully.'], 'zh-CN': ['命令已成功完成。'], 'zh-TW': ['命令已成功完成。'] },
};

/** `License Status:` values. Prefix-matched, so the long OOT text may be cut or wrapped. */
const STATUS_WORDS: Record<LicenseState, Localized> = {
  unlicensed: {
    en: ['Unlicensed'],
    'zh-CN': ['未授权'],
    'zh-TW': ['未授權'],
    de: ['Nicht lizenziert'],
    fr: ['Sans licence', 'Non licencié'],
    es: ['Sin licencia'],
    ru: ['Не имеет лицензии', 'Нелицензированный'],
    ja: ['ライセンスされていません'],
  },
  licensed: {
    en: ['Licensed'],
    'zh-CN': ['已授权'],
    'zh-TW': ['已授權'],
    de: ['Lizenziert'],
    fr: ['Avec licence', 'Licencié'],
    es: ['Con licencia'],
    ru: ['Имеет лицензию', 'Лицензирован'],
    ja: ['ライセンスされています'],
  },
  'oob-grace': {
    en: ['Initial grace period'],
    'zh-CN': ['初始宽限期'],
    'zh-TW': ['初始寬限期'],
    de: ['Anfängliche Toleranzperiode', 'Erste Toleranzperiode'],
    fr: ['Période de grâce initiale'],
    es: ['Período de gracia inicial'],
    ru: ['Начальный льготный период', 'Начальный период отсрочки'],
    ja: ['初期猶予期間'],
  },
  'oot-grace': {
    en: ['Additional grace period'],
    'zh-CN': ['附加宽限期', '额外宽限期'],
    'zh-TW': ['其他寬限期'],
    de: ['Zusätzliche Toleranzperiode'],
    fr: ['Période de grâce supplémentaire'],
    es: ['Período de gracia adicional'],
    ru: ['Дополнительный льготный период', 'Дополнительный период отсрочки'],
    ja: ['追加の猶予期間'],
  },
  'nongenuine-grace': {
    en: ['Non-genuine grace period'],
    'zh-CN': ['非正版宽限期'],
    'zh-TW': ['非正版寬限期'],
    de: ['Nicht-Originalsoftware-Toleranzperiode', 'Toleranzperiode für Nicht-Originalsoftware'],
    fr: ['Période de grâce non authentique'],
    es: ['Período de gracia no original', 'Período de gracia no genuino'],
    ru: ['Льготный период для неподлинной версии'],
    ja: ['非正規の猶予期間'],
  },
  notification: {
    en: ['Notification'],
    'zh-CN': ['通知'],
    'zh-TW': ['通知'],
    de: ['Benachrichtigung'],
    fr: ['Notification'],
    es: ['Notificación'],
    ru: ['Уведомление'],
    ja: ['通知'],
  },
  'extended-grace': {
    en: ['Extended grace period'],
    'zh-CN': ['延长宽限期'],
    'zh-TW': ['延長的寬限期'],
    de: ['Erweiterte Toleranzperiode'],
    fr: ['Période de grâce étendue'],
    es: ['Período de gracia extendido'],
    ru: ['Расширенный льготный период'],
    ja: ['延長猶予期間'],
  },
  unknown: { en: ['Unknown'], 'zh-CN': ['未知'], 'zh-TW': ['未知'], de: ['Unbekannt'], fr: ['Inconnu'], es: ['Desconocido'], ru: ['Неизвестно'], ja: ['不明'] },
};

/** ospp `LICENSE STATUS:  ---X---` tokens (and Office Tool Plus' Chinese ones). */
export const OSPP_STATUS_TOKENS: Record<string, LicenseState> = {
  LICENSED: 'licensed',
  UNLICENSED: 'unlicensed',
  OOB_GRACE: 'oob-grace',
  OOT_GRACE: 'oot-grace',
  NON_GENUINE_GRACE: 'nongenuine-grace',
  NOTIFICATIONS: 'notification',
  'EXTENDED GRACE': 'extended-grace',
  EXTENDED_GRACE: 'extended-grace',
  UNKNOWN: 'unknown',
  已许可: 'licensed',
  未许可: 'unlicensed',
};

/** `Configured Activation Type:` values (label keys) → the invariant name. */
export const ACTIVATION_TYPE_WORDS: Record<string, string> = {
  all: 'All',
  全部: 'All',
  alle: 'All',
  tous: 'All',
  todos: 'All',
  все: 'All',
  すべて: 'All',
  ad: 'AD',
  kms: 'KMS',
  token: 'Token',
};

/** `Not Available` and its translations (AVMA values, `KMS machine IP address: not available`). */
export const NOT_AVAILABLE_WORDS = ['Not Available', '無法使用'];

/** Morning/afternoon markers in regional date formats (`2026/3/20 下午 12:44:15`), lower case. */
export const AM_MARKERS = ['am', 'a.m.', '上午', '午前', 'vorm.'];
export const PM_MARKERS = ['pm', 'p.m.', '下午', '午後', 'nachm.'];

export type XprState = 'volume' | 'timebased' | 'avma' | 'oob-grace' | 'oot-grace' | 'nongenuine-grace' | 'extended-grace' | 'notification' | 'unlicensed';

/** `/xpr` sentences; `{date}` is where the expiry date goes. */
const XPR_SENTENCES: Partial<Record<XprState, Localized>> = {
  volume: { en: ['Volume activation will expire {date}'], 'zh-TW': ['大量啟用將於 {date} 到期'] },
  timebased: { en: ['Timebased activation will expire {date}'] },
  avma: { en: ['Automatic VM activation will expire {date}'] },
  'oob-grace': { en: ['Initial grace period ends {date}'] },
  'oot-grace': { en: ['Additional grace period ends {date}'] },
  'nongenuine-grace': { en: ['Non-genuine grace period ends {date}'] },
  'extended-grace': { en: ['Extended grace period ends {date}'] },
  notification: { en: ['Windows is in Notification mode.'], 'zh-TW': ['Windows 處於通知模式'], ja: ['Windowsは通知モードです'] },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A sentence as a pattern: spaces between words optional, a final full stop optional; group 1 is the date (or empty). */
function sentencePattern(sentence: string): RegExp {
  const body = sentence.replace(/[.。]$/, '');
  const words = (part: string) => part.trim().split(/\s+/).filter(Boolean).map(escapeRegExp).join('\\s*');
  const [before, after] = body.includes('{date}') ? body.split('{date}') : [body, null];
  // `(.*)` is greedy and the date is trimmed afterwards: no `\s*` next to it can split a run of spaces two ways.
  const date = after === null ? '()' : '(.*)';
  return new RegExp(`^${words(before!)}${date}${after === null ? '' : words(after)}[.。]?$`, 'iu');
}

/** `/xpr` sentences as patterns, with a cheap first-characters check so most lines skip them. */
export const XPR_PATTERNS: { maybe: RegExp; patterns: [RegExp, XprState][] } = (() => {
  const patterns: [RegExp, XprState][] = [];
  const starts = new Set<string>();
  for (const [state, localized] of Object.entries(XPR_SENTENCES) as [XprState, Localized][]) {
    for (const list of Object.values(localized) as (readonly string[])[]) {
      for (const sentence of list) {
        patterns.push([sentencePattern(sentence), state]);
        starts.add(escapeRegExp(sentence.slice(0, 4)));
      }
    }
  }
  return { maybe: new RegExp(`^(?:${[...starts].join('|')})`, 'iu'), patterns };
})();

/** Words for "enabled"/"normal" values that differ per language. */
export const ENABLED_WORDS = ['enabled', 'aktiviert', 'activé', 'activée', 'habilitado', 'включено', '有効', '已启用', '已啟用'];
export const LOW_PRIORITY_WORDS = ['low', 'niedrig', 'faible', 'baja', 'bajo', 'низкий', '低'];
export const NORMAL_PRIORITY_WORDS = ['normal', 'normale', 'обычный', '標準', '正常', '一般'];

/** `Error:` in each language (the code follows). */
export const ERROR_WORDS = ['Error', '错误', '錯誤', 'Fehler', 'Erreur', 'Ошибка', 'エラー', 'Errore', 'Erro', 'Błąd', 'Hata', '오류', 'Chyba'];

/** The word before `<name> (<ActivationID>) ...` in `/ato` output. */
export const ACTIVATING_WORDS = ['Activating', '正在激活', '正在啟用', 'Aktivieren von', 'Activation de', 'Activando', 'Активация', 'ライセンス認証中'];

/** Normalise a label for lookup: case, whitespace, trailing colon and full stop do not matter. */
export function labelKey(label: string): string {
  let key = label.toLowerCase().replace(/[\s\u00a0\u3000]+/g, '');
  if (/[’‘`´]/.test(key)) key = key.replace(/[’‘`´]/g, "'");
  let end = key.length;
  while (end > 0 && ':：.。'.includes(key[end - 1])) end--;
  return end === key.length ? key : key.slice(0, end);
}

function buildIndex<K extends string>(table: Record<K, Localized>): Map<string, K> {
  const index = new Map<string, K>();
  for (const key of Object.keys(table) as K[]) {
    for (const labels of Object.values(table[key]) as (readonly string[])[]) {
      for (const label of labels) {
        if (!index.has(labelKey(label))) index.set(labelKey(label), key);
      }
    }
  }
  return index;
}

const FIELD_INDEX = buildIndex(FIELD_LABELS);
const FIXED_INDEX = buildIndex(FIXED_LINES);

export function lookupField(label: string): FieldKey | null {
  return FIELD_INDEX.get(labelKey(label)) ?? null;
}

export function lookupFixedLine(line: string): FixedLine | null {
  const key = labelKey(line);
  const exact = FIXED_INDEX.get(key);
  if (exact) return exact;
  if (/^-{3}processing-*$/.test(key)) return 'osppProcessing';
  if (/^-{3}exiting-*$/.test(key)) return 'osppExiting';
  if (/^-{10,}$/.test(key)) return 'osppSeparator';
  return null;
}

/** All label keys, for the truncation check (is a cut-off line the start of a label?). */
export function allLabelKeys(): string[] {
  return [...FIELD_INDEX.keys(), ...FIXED_INDEX.keys()];
}

const STATUS_INDEX: [string, LicenseState][] = (() => {
  const pairs: [string, LicenseState][] = [];
  for (const [state, words] of Object.entries(STATUS_WORDS) as [LicenseState, Localized][]) {
    for (const list of Object.values(words) as (readonly string[])[]) for (const word of list) pairs.push([labelKey(word), state]);
  }
  // Longest first, so "Unlicensed" is not read as "Licensed" and "Nicht lizenziert" not as "Lizenziert".
  return pairs.sort((a, b) => b[0].length - a[0].length);
})();

/** Read a `License Status:` value in any known language; null when it is not one. */
export function lookupStatus(value: string): LicenseState | null {
  const key = labelKey(value);
  if (!key) return null;
  for (const [word, state] of STATUS_INDEX) {
    if (key === word || (key.startsWith(word) && word.length >= 4)) return state;
  }
  return null;
}
