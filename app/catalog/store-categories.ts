// The store's category list and tax classes for the demo catalog: a typical mainland supermarket
// layout, named in zh-CN and en. Head office replaces them through sync; these seed a new register.

export interface StoreCategory {
  readonly id: string;
  readonly names: { readonly 'zh-CN': string; readonly en: string };
  readonly taxClassId: DemoTaxClassId;
  /** Fresh counters whose goods may be sold by weight. */
  readonly weighable: boolean;
}

export type DemoTaxClassId = 'vat-13' | 'vat-9';

export interface DemoTaxClass {
  readonly id: DemoTaxClassId;
  readonly name: string;
  readonly rateBasisPoints: number;
}

// Mainland VAT: 9 % for agricultural produce and staples, 13 % for most other goods.
export const DEMO_TAX_CLASSES: readonly DemoTaxClass[] = [
  { id: 'vat-13', name: 'VAT 13%', rateBasisPoints: 1300 },
  { id: 'vat-9', name: 'VAT 9%', rateBasisPoints: 900 },
];

// prettier-ignore
export const STORE_CATEGORIES: readonly StoreCategory[] = [
  { id: 'fruit-veg', names: { 'zh-CN': '水果蔬菜', en: 'Fruit & vegetables' }, taxClassId: 'vat-9', weighable: true },
  { id: 'meat', names: { 'zh-CN': '肉类', en: 'Meat' }, taxClassId: 'vat-9', weighable: true },
  { id: 'seafood', names: { 'zh-CN': '水产海鲜', en: 'Fish & seafood' }, taxClassId: 'vat-9', weighable: true },
  { id: 'deli', names: { 'zh-CN': '熟食', en: 'Deli' }, taxClassId: 'vat-13', weighable: true },
  { id: 'dairy', names: { 'zh-CN': '乳制品', en: 'Dairy' }, taxClassId: 'vat-9', weighable: false },
  { id: 'eggs-tofu', names: { 'zh-CN': '蛋品豆制品', en: 'Eggs & tofu' }, taxClassId: 'vat-9', weighable: false },
  { id: 'bakery', names: { 'zh-CN': '烘焙面包', en: 'Bakery' }, taxClassId: 'vat-13', weighable: false },
  { id: 'frozen', names: { 'zh-CN': '冷冻食品', en: 'Frozen food' }, taxClassId: 'vat-13', weighable: false },
  { id: 'rice-flour-oil', names: { 'zh-CN': '米面粮油', en: 'Rice, flour & oil' }, taxClassId: 'vat-9', weighable: false },
  { id: 'condiments', names: { 'zh-CN': '调味品', en: 'Condiments & sauces' }, taxClassId: 'vat-13', weighable: false },
  { id: 'snacks', names: { 'zh-CN': '休闲零食', en: 'Snacks' }, taxClassId: 'vat-13', weighable: false },
  { id: 'sweets', names: { 'zh-CN': '糖果巧克力', en: 'Sweets & chocolate' }, taxClassId: 'vat-13', weighable: false },
  { id: 'biscuits', names: { 'zh-CN': '饼干糕点', en: 'Biscuits & cakes' }, taxClassId: 'vat-13', weighable: false },
  { id: 'drinks', names: { 'zh-CN': '饮料', en: 'Soft drinks' }, taxClassId: 'vat-13', weighable: false },
  { id: 'tea-coffee', names: { 'zh-CN': '茶叶咖啡', en: 'Tea & coffee' }, taxClassId: 'vat-13', weighable: false },
  { id: 'alcohol', names: { 'zh-CN': '酒类', en: 'Beer, wine & spirits' }, taxClassId: 'vat-13', weighable: false },
  { id: 'breakfast', names: { 'zh-CN': '早餐冲饮', en: 'Breakfast & cereals' }, taxClassId: 'vat-13', weighable: false },
  { id: 'canned-instant', names: { 'zh-CN': '罐头速食', en: 'Canned & instant food' }, taxClassId: 'vat-13', weighable: false },
  { id: 'baby', names: { 'zh-CN': '母婴用品', en: 'Baby' }, taxClassId: 'vat-13', weighable: false },
  { id: 'household', names: { 'zh-CN': '日用百货', en: 'Household' }, taxClassId: 'vat-13', weighable: false },
  { id: 'personal-care', names: { 'zh-CN': '个人护理', en: 'Personal care' }, taxClassId: 'vat-13', weighable: false },
];
